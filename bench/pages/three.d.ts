// The part of three.js (0.187, a dev dependency for the benchmarks only) that bench/pages/three-page.ts
// uses. three.js ships no types of its own and @types/three is not a dependency of this project.

declare module 'three' {
  export class Vector3 {
    x: number;
    y: number;
    z: number;
    set(x: number, y: number, z: number): this;
  }
  export class Euler {
    x: number;
    y: number;
    z: number;
    set(x: number, y: number, z: number): this;
  }
  export class Matrix4 {
    readonly elements: number[];
  }
  export class Color {
    constructor(color: string);
  }
  export class Object3D {
    readonly position: Vector3;
    readonly rotation: Euler;
    readonly matrix: Matrix4;
    frustumCulled: boolean;
    add(...objects: Object3D[]): this;
    lookAt(x: number, y: number, z: number): void;
    updateMatrix(): void;
  }
  export class Scene extends Object3D {
    background: Color | null;
  }
  export class PerspectiveCamera extends Object3D {
    constructor(fov: number, aspect: number, near: number, far: number);
  }
  export class AmbientLight extends Object3D {
    constructor(color: string, intensity: number);
  }
  export class DirectionalLight extends Object3D {
    constructor(color: string, intensity: number);
  }
  export class BufferGeometry {
    dispose(): void;
  }
  export class BoxGeometry extends BufferGeometry {
    constructor(width: number, height: number, depth: number);
  }
  export class Material {
    dispose(): void;
  }
  export class MeshStandardMaterial extends Material {
    constructor(parameters?: { color?: string; roughness?: number; metalness?: number });
  }
  export class Mesh extends Object3D {
    constructor(geometry: BufferGeometry, material: Material);
  }
  export class BufferAttribute {
    needsUpdate: boolean;
  }
  export class InstancedMesh extends Mesh {
    constructor(geometry: BufferGeometry, material: Material, count: number);
    readonly instanceMatrix: BufferAttribute;
    setMatrixAt(index: number, matrix: Matrix4): void;
    setColorAt(index: number, color: Color): void;
    dispose(): this;
  }
  export class WebGLRenderer {
    constructor(parameters?: { canvas?: HTMLCanvasElement; antialias?: boolean });
    readonly info: { render: { calls: number; frame: number } };
    setPixelRatio(ratio: number): void;
    getContext(): WebGL2RenderingContext;
    setSize(width: number, height: number, updateStyle?: boolean): void;
    render(scene: Object3D, camera: Object3D): void;
  }
}
