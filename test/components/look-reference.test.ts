// The default look beside three.js's: a grid of spheres from smooth to rough (left to right) and from dielectric
// to metal (top to bottom), lit only by an environment, drawn by LayerW (the neutral studio, PBR Neutral) and
// by three.js (RoomEnvironment through PMREMGenerator, NeutralToneMapping) from the same camera.
import { Mesh, MeshStandardMaterial, SphereGeometry } from 'three';
import { assert } from '../assert.js';
import { capture, mountScene, unmountAll } from '../helpers/scene.js';
import { encodePng, type Image } from '../helpers/golden.js';
import { threeRoomImage } from '../helpers/three-reference.js';
import { writeFile } from '@web/test-runner-commands';

const WIDTH = 200;
const HEIGHT = 120;
const ROUGHNESS = [0.05, 0.3, 0.55, 0.8, 1];
const METALNESS = [0, 0.5, 1];
const COLOR = '#d0a080';
const CAMERA = { position: [0, 0, 6.2] as const, fov: 40 };
const SPACING = 1.15;
/** The mean colour difference inside the spheres reached so far (0..255); the test keeps it. */
const BOUND = 22;

function sphereAt(column: number, row: number): [number, number, number] {
  return [(column - (ROUGHNESS.length - 1) / 2) * SPACING, ((METALNESS.length - 1) / 2 - row) * SPACING, 0];
}

function layerwMarkup(): string {
  const meshes = METALNESS.flatMap((metalness, row) => ROUGHNESS.map((roughness, column) =>
    `<layerw-mesh geometry="sphere" position="${sphereAt(column, row).join(' ')}" color="${COLOR}" metalness="${metalness}" roughness="${roughness}"></layerw-mesh>`));
  return `<layerw-scene quality="high" background="#000000" camera-position="${CAMERA.position.join(' ')}" fov="${CAMERA.fov}">
    <layerw-light type="ambient" intensity="0"></layerw-light>
    ${meshes.join('\n')}
  </layerw-scene>`;
}

/** three.js's picture of the same grid. */
function threeImage(): Image {
  return threeRoomImage(WIDTH, HEIGHT, CAMERA, (scene) => {
    const geometry = new SphereGeometry(0.5, 64, 32);
    METALNESS.forEach((metalness, row) => ROUGHNESS.forEach((roughness, column) => {
      const mesh = new Mesh(geometry, new MeshStandardMaterial({ color: COLOR, roughness, metalness }));
      mesh.position.set(...sphereAt(column, row));
      scene.add(mesh);
    }));
  });
}

/** Mean absolute channel difference (0..255) over the pixels where either picture shows a sphere. */
function meanDifferenceInside(a: Image, b: Image): { mean: number; pixels: number } {
  let sum = 0;
  let pixels = 0;
  for (let i = 0; i < a.data.length; i += 4) {
    const covered = a.data[i]! + a.data[i + 1]! + a.data[i + 2]! > 6 || b.data[i]! + b.data[i + 1]! + b.data[i + 2]! > 6;
    if (!covered) continue;
    pixels++;
    for (let c = 0; c < 3; c++) sum += Math.abs(a.data[i + c]! - b.data[i + c]!);
  }
  return { mean: sum / (pixels * 3), pixels };
}

describe('the default look beside three.js', function () {
  this.timeout(180_000);
  afterEach(unmountAll);

  it(`draws the sphere grid within a mean colour difference of ${BOUND} of three.js's RoomEnvironment`, async () => {
    const scene = await mountScene(layerwMarkup(), WIDTH, HEIGHT);
    const layerw = capture(scene);
    const three = threeImage();
    const { mean, pixels } = meanDifferenceInside(layerw, three);
    await writeFile({ path: '../output/look-reference.layerw.png', content: await encodePng(layerw), encoding: 'base64' });
    await writeFile({ path: '../output/look-reference.three.png', content: await encodePng(three), encoding: 'base64' });
    console.log(`look reference: mean difference ${mean.toFixed(2)} over ${pixels} pixels`);
    assert(pixels > WIDTH * HEIGHT * 0.2, `the spheres cover the picture (${pixels} pixels)`);
    assert(mean <= BOUND, `mean colour difference ${mean.toFixed(2)} is above ${BOUND}`);
  });
});
