// The part of three.js (0.187, a dev dependency for the benchmarks only) that bench/pages/three-page.ts
// uses, GLTFLoader, DRACOLoader, three's meshopt decoder and KTX2Loader included. three.js ships no types of its own and
// @types/three is not a dependency of this project.

declare module 'three' {
  export const NoToneMapping: number;
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
  export class Vector2 {
    constructor(x?: number, y?: number);
    set(x: number, y: number): this;
  }
  export class Quaternion {
    set(x: number, y: number, z: number, w: number): this;
  }
  export class Object3D {
    readonly position: Vector3;
    readonly rotation: Euler;
    readonly quaternion: Quaternion;
    readonly scale: Vector3;
    updateMatrixWorld(force?: boolean): void;
    readonly matrix: Matrix4;
    frustumCulled: boolean;
    add(...objects: Object3D[]): this;
    traverse(callback: (object: Object3D) => void): void;
    lookAt(x: number, y: number, z: number): void;
    updateMatrix(): void;
  }
  export class Scene extends Object3D {
    background: Color | null;
  }
  export class PerspectiveCamera extends Object3D {
    constructor(fov: number, aspect: number, near: number, far: number);
    updateProjectionMatrix(): void;
  }
  export class AmbientLight extends Object3D {
    constructor(color: string, intensity: number);
  }
  export class DirectionalLight extends Object3D {
    constructor(color: string, intensity: number);
  }
  export class BufferAttribute {
    constructor(array: Float32Array | Uint16Array | Uint32Array, itemSize: number);
    needsUpdate: boolean;
    readonly count: number;
    readonly array: ArrayLike<number> & { readonly byteLength: number };
  }
  export class BufferGeometry {
    readonly index: BufferAttribute | null;
    setAttribute(name: string, attribute: BufferAttribute): this;
    setIndex(index: BufferAttribute): this;
    readonly attributes: Record<string, BufferAttribute>;
    getAttribute(name: string): BufferAttribute;
    dispose(): void;
  }
  export class Texture {
    readonly image: { width: number; height: number };
    generateMipmaps: boolean;
    dispose(): void;
  }
  export class BoxGeometry extends BufferGeometry {
    constructor(width: number, height: number, depth: number);
  }
  export class Material {
    dispose(): void;
  }
  export class MeshBasicMaterial extends Material {}
  export interface Intersection {
    distance: number;
    point: Vector3;
    object: Object3D;
  }
  export class Raycaster {
    setFromCamera(coords: Vector2, camera: PerspectiveCamera): void;
    intersectObjects(objects: readonly Object3D[], recursive?: boolean, target?: Intersection[]): Intersection[];
  }
  export class MeshStandardMaterial extends Material {
    constructor(parameters?: { color?: string; roughness?: number; metalness?: number });
    map: Texture | null;
  }
  export class Mesh extends Object3D {
    constructor(geometry: BufferGeometry, material: Material);
    geometry: BufferGeometry;
    material: Material | Material[];
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

declare module 'three/examples/jsm/libs/meshopt_decoder.module.js' {
  export const MeshoptDecoder: { readonly ready: Promise<void>; readonly supported: boolean };
}

declare module 'three/examples/jsm/loaders/KTX2Loader.js' {
  import type { WebGLRenderer } from 'three';

  export class KTX2Loader {
    setTranscoderPath(path: string): this;
    detectSupport(renderer: WebGLRenderer): this;
  }
}

declare module 'three/examples/jsm/loaders/GLTFLoader.js' {
  import type { Object3D } from 'three';
  import type { MeshoptDecoder } from 'three/examples/jsm/libs/meshopt_decoder.module.js';
  import type { DRACOLoader } from 'three/examples/jsm/loaders/DRACOLoader.js';
  import type { KTX2Loader } from 'three/examples/jsm/loaders/KTX2Loader.js';

  export interface GLTF {
    scene: Object3D;
  }
  export class GLTFLoader {
    setMeshoptDecoder(decoder: typeof MeshoptDecoder): this;
    setDRACOLoader(loader: DRACOLoader): this;
    setKTX2Loader(loader: KTX2Loader): this;
    loadAsync(url: string): Promise<GLTF>;
  }
}

declare module 'three/examples/jsm/loaders/DRACOLoader.js' {
  export class DRACOLoader {
    setDecoderPath(path: string): this;
  }
}
