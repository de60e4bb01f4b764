// The part of three.js's CSS2DRenderer (examples/jsm, three 0.187) that bench/labels.bench.ts uses.

declare module 'three/examples/jsm/renderers/CSS2DRenderer.js' {
  import { Object3D } from 'three';
  export class CSS2DObject extends Object3D {
    constructor(element?: HTMLElement);
    readonly element: HTMLElement;
  }
  export class CSS2DRenderer {
    constructor(parameters?: { element?: HTMLElement });
    readonly domElement: HTMLElement;
    sortObjects: boolean;
    setSize(width: number, height: number): void;
    render(scene: Object3D, camera: Object3D): void;
  }
}
