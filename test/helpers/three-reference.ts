// three.js as the reference picture for look tests: a scene lit only by RoomEnvironment through PMREMGenerator,
// with NeutralToneMapping (Khronos PBR Neutral), on a black background, as LayerW's default look is compared with.
import { Color, NeutralToneMapping, PMREMGenerator, PerspectiveCamera, Scene, WebGLRenderer } from 'three';
import { RoomEnvironment } from 'three/examples/jsm/environments/RoomEnvironment.js';
import type { Image } from './golden.js';

/** Where the reference camera stands (looking at the origin) and its vertical field of view in degrees. */
export interface ReferenceCamera {
  readonly position: readonly [number, number, number];
  readonly fov: number;
}

/**
 * three.js's picture, `width`×`height`, of what `fill` puts in the scene, read back from its WebGL canvas (rows
 * flipped to top first).
 */
export function threeRoomImage(width: number, height: number, camera: ReferenceCamera, fill: (scene: Scene) => void): Image {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const renderer = new WebGLRenderer({ canvas, antialias: true });
  renderer.setSize(width, height, false);
  renderer.toneMapping = NeutralToneMapping;
  const scene = new Scene();
  scene.background = new Color('#000000');
  const pmrem = new PMREMGenerator(renderer);
  scene.environment = pmrem.fromScene(new RoomEnvironment(), 0.04).texture;
  fill(scene);
  const view = new PerspectiveCamera(camera.fov, width / height, 0.1, 100);
  view.position.set(...camera.position);
  view.lookAt(0, 0, 0);
  renderer.render(scene, view);
  const gl = renderer.getContext();
  const flipped = new Uint8Array(width * height * 4);
  gl.readPixels(0, 0, width, height, gl.RGBA, gl.UNSIGNED_BYTE, flipped);
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) data.set(flipped.subarray((height - 1 - y) * width * 4, (height - y) * width * 4), y * width * 4);
  pmrem.dispose();
  renderer.dispose();
  return { width, height, data };
}
