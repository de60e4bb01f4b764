// The animation part of three.js (0.187) that the `skinned` benchmark and the animation tests use, declared
// beside bench/pages/three.d.ts (declarations of one module merge).

declare module 'three' {
  interface Matrix4 {
    multiplyMatrices(a: Matrix4, b: Matrix4): this;
  }
  interface Object3D {
    readonly name: string;
    readonly matrixWorld: Matrix4;
    updateMatrixWorld(force?: boolean): void;
  }
  export class Bone extends Object3D {}
  export class Skeleton {
    readonly bones: Bone[];
    readonly boneInverses: Matrix4[];
  }
  export class SkinnedMesh extends Mesh {
    readonly skeleton: Skeleton;
    readonly isSkinnedMesh: true;
  }
  export class AnimationClip {
    readonly name: string;
    readonly duration: number;
  }
  export class AnimationAction {
    play(): this;
    stop(): this;
    time: number;
    timeScale: number;
  }
  export class AnimationMixer {
    constructor(root: Object3D);
    clipAction(clip: AnimationClip, root?: Object3D): AnimationAction;
    setTime(seconds: number): this;
    update(deltaSeconds: number): this;
  }
  interface Mesh {
    morphTargetInfluences?: number[];
  }
}

declare module 'three/examples/jsm/loaders/GLTFLoader.js' {
  import type { AnimationClip } from 'three';

  export interface GLTF {
    animations: AnimationClip[];
  }
  export interface GLTFLoader {
    parseAsync(data: ArrayBuffer, path: string): Promise<GLTF>;
  }
}

declare module 'three/examples/jsm/utils/SkeletonUtils.js' {
  import type { Object3D } from 'three';

  export function clone<T extends Object3D>(source: T): T;
}
