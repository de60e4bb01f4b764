// The part of three.js 0.187's WebGPU build (`three/webgpu`) that bench/pages/three-webgpu-page.ts uses: its
// renderer and its own PMREMGenerator. The scene classes are three's core ones, shared with `three`.

declare module 'three/webgpu' {
  import type { Object3D, Scene, Texture } from 'three';

  export class WebGPURenderer {
    constructor(parameters?: { canvas?: HTMLCanvasElement; antialias?: boolean; forceWebGL?: boolean });
    /** The backend in use; `device` is its GPUDevice when it is the WebGPU one. */
    readonly backend: { readonly isWebGPUBackend?: boolean; readonly device?: GPUDevice };
    toneMapping: number;
    init(): Promise<this>;
    setPixelRatio(ratio: number): void;
    setSize(width: number, height: number, updateStyle?: boolean): void;
    render(scene: Object3D, camera: Object3D): void;
  }
  export class PMREMGenerator {
    constructor(renderer: WebGPURenderer);
    fromScene(scene: Scene, sigma?: number): { texture: Texture; dispose(): void };
  }
}
