import { AnimationMixer, Matrix4, type Mesh, type SkinnedMesh } from 'three';
import { GLTFLoader } from 'three/examples/jsm/loaders/GLTFLoader.js';
import { assertClose, assertEqual } from '../assert.js';
import { createWalloc } from '../helpers/core.js';
import { Random } from '../helpers/random.js';
import { makeMorphedModel, makeSkinnedModel } from '../helpers/animated-models.js';
import { parseGltf } from '../../src/assets/gltf-parse.js';
import { NODE_FLOATS } from '../../src/assets/rig-data.js';
import { rigBlockBytes, writeRigBlock } from '../../src/engine/rig-layout.js';
import { featureKernels } from '../../src/wasm/feature-kernels.js';
import type { Walloc } from '../../src/memory/walloc.js';

/** Our palette and weights for `clip` at `time`, straight from the kernels over the parsed file. */
async function layerwPose(walloc: Walloc, glb: Uint8Array, clip: number, time: number) {
  const data = await parseGltf(glb, { url: 'memory:model.glb' });
  const rig = data.rig!;
  const kernels = await featureKernels(walloc);
  walloc.frameBegin();
  const handle = walloc.allocBlock('mesh', rigBlockBytes(kernels, rig), 0);
  const at = walloc.blockAddress(handle);
  writeRigBlock(kernels, walloc.u32, walloc.f32, at, rig);
  const pose = walloc.frameAlloc('scratch', rig.nodeCount * NODE_FLOATS * 4);
  const weights = walloc.frameAlloc('scratch', Math.max(1, rig.weights.length) * 4);
  const world = walloc.frameAlloc('scratch', rig.nodeCount * 64);
  const out = walloc.frameAlloc('scratch', rig.paletteCount * 64 + rig.weights.length * 4 + 64);
  kernels.samplePose(at, clip, time, pose, weights);
  kernels.worldMatrices(at, pose, world);
  kernels.writePalette(at, world, weights, out);
  const f32 = walloc.f32;
  const palette = (entry: number): Float32Array => f32.slice((out >>> 2) + entry * 16, (out >>> 2) + entry * 16 + 16);
  const morph = Array.from(f32.subarray((out >>> 2) + rig.paletteCount * 16, (out >>> 2) + rig.paletteCount * 16 + rig.weights.length));
  walloc.freeBlock(handle);
  return { data, palette, morph };
}

async function threePose(glb: Uint8Array, clip: number, time: number) {
  const gltf = await new GLTFLoader().parseAsync(glb.slice().buffer, '');
  const mixer = new AnimationMixer(gltf.scene);
  mixer.clipAction(gltf.animations[clip]!).play();
  mixer.setTime(time);
  gltf.scene.updateMatrixWorld(true);
  let skinned: SkinnedMesh | undefined;
  let morphed: Mesh | undefined;
  gltf.scene.traverse((object) => {
    if ((object as SkinnedMesh).isSkinnedMesh) skinned = object as SkinnedMesh;
    else if ((object as Mesh).morphTargetInfluences) morphed = object as Mesh;
  });
  return { skinned, morphed, clips: gltf.animations };
}

describe('animation against three.js AnimationMixer', () => {
  it('gives the same joint matrices as three.js for every clip of a skinned file at random times', async () => {
    const random = new Random();
    const walloc = await createWalloc();
    const glb = await makeSkinnedModel();
    for (const clip of [0, 1]) {
      for (let k = 0; k < 8; k++) {
        const three = await threePose(glb, clip, 0);
        const time = random.range(0, three.clips[clip]!.duration * 0.999);
        const { skinned } = await threePose(glb, clip, time);
        const ours = await layerwPose(walloc, glb, clip, time);
        const entry = ours.data.primitives[0]!.rig!.paletteEntry;
        const skeleton = skinned!.skeleton;
        assertEqual(skeleton.bones.length, 2, 'two joints');
        skeleton.bones.forEach((bone, j) => {
          const expected = new Matrix4().multiplyMatrices(bone.matrixWorld, skeleton.boneInverses[j]!).elements;
          const got = ours.palette(entry + j);
          for (let e = 0; e < 16; e++) {
            assertClose(got[e]!, expected[e]!, 1e-4 * (1 + Math.abs(expected[e]!)), `clip ${clip}, t ${time}, joint ${j}, element ${e}, seed ${random.seed}`);
          }
        });
      }
    }
  });

  it('gives the same morph weights as three.js for LINEAR and STEP weight clips', async () => {
    const random = new Random();
    const walloc = await createWalloc();
    const glb = await makeMorphedModel();
    for (const clip of [0, 1]) {
      for (let k = 0; k < 8; k++) {
        const time = random.range(0, clip === 0 ? 1.999 : 0.499);
        const { morphed } = await threePose(glb, clip, time);
        const ours = await layerwPose(walloc, glb, clip, time);
        const expected = morphed!.morphTargetInfluences!;
        assertEqual(ours.morph.length, expected.length, 'weight count');
        expected.forEach((w, i) => assertClose(ours.morph[i]!, w, 1e-5, `clip ${clip}, t ${time}, weight ${i}, seed ${random.seed}`));
      }
    }
  });
});
