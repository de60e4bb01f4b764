// The parts of three.js 0.187 the look reference test uses beyond bench/pages/three.d.ts: its PBR environment
// (RoomEnvironment prefiltered by PMREMGenerator), Khronos PBR Neutral tone mapping and a sphere.

import type { BufferGeometry, Scene, Texture } from 'three';

declare module 'three' {
  interface Scene {
    environment: Texture | null;
  }
  interface WebGLRenderer {
    toneMapping: number;
    toneMappingExposure: number;
    dispose(): void;
  }
  export const NeutralToneMapping: number;
  export class SphereGeometry extends BufferGeometry {
    constructor(radius: number, widthSegments: number, heightSegments: number);
  }
  export class PMREMGenerator {
    constructor(renderer: WebGLRenderer);
    fromScene(scene: Scene, sigma?: number): { texture: Texture; dispose(): void };
    dispose(): void;
  }
}
