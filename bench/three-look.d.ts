// The parts of three.js the look benchmark uses beyond bench/pages/three.d.ts and test/reference/three-look.d.ts:
// an HDR panorama, and PMREMGenerator's render targets, which the benchmark disposes of.

declare module 'three' {
  export const EquirectangularReflectionMapping: number;
  interface Texture {
    mapping: number;
  }
  interface PMREMGenerator {
    fromEquirectangular(texture: Texture): { texture: Texture; dispose(): void };
  }
}

declare module 'three/examples/jsm/loaders/HDRLoader.js' {
  export class HDRLoader {
    loadAsync(url: string): Promise<import('three').Texture>;
  }
}
