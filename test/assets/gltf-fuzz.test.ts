import { Document, WebIO } from '@gltf-transform/core';
import { EXTMeshoptCompression, KHRTextureTransform } from '@gltf-transform/extensions';
import { MeshoptEncoder } from 'meshoptimizer/encoder';
import { assert } from '../assert.js';
import { Random } from '../helpers/random.js';
import { AssetError } from '../../src/assets/asset-error.js';
import { parseGltf } from '../../src/assets/gltf-parse.js';
import type { ModelData } from '../../src/assets/model-data.js';
import { fakeFetch } from './fake-fetch.js';
import { makeModel } from '../helpers/models.js';
import { makeGlb, PNG_1X1, quadModel } from './glb-builder.js';
import { makeMorphedModel, makeSkinnedModel } from '../helpers/animated-models.js';
import { PALETTE_ENTRY_FLOATS } from '../../src/assets/rig-data.js';
import { InvalidContent } from '../../src/assets/asset-error.js';
import { ktx2Use } from '../../src/engine/model-ktx2.js';
import { RGBA8_TARGET } from '../../src/gpu/ktx2-formats.js';
import { checkerPng, ktx2Image } from '../helpers/models.js';

const ITERATIONS = 300;
/** Far above a parse of these small files (about a millisecond); only a hang or a blow-up gets near it. */
const BUDGET_MS = 2000;

/** A textured, meshopt-compressed box-ish model with a hierarchy. */
async function richGlb(): Promise<Uint8Array> {
  const doc = new Document();
  doc.createExtension(EXTMeshoptCompression).setRequired(true);
  const transform = doc.createExtension(KHRTextureTransform);
  const buffer = doc.createBuffer();
  const texture = doc.createTexture().setImage(PNG_1X1).setMimeType('image/png');
  const material = doc.createMaterial().setBaseColorTexture(texture).setAlphaMode('BLEND');
  material.getBaseColorTextureInfo()!.setExtension('KHR_texture_transform', transform.createTransform().setScale([2, 2]));
  const positions = new Float32Array(64 * 3).map((_, i) => Math.sin(i));
  const indices = new Uint16Array(62 * 3).map((_, i) => (i % 3) + Math.floor(i / 3));
  const primitive = doc.createPrimitive().setMaterial(material)
    .setAttribute('POSITION', doc.createAccessor().setType('VEC3').setBuffer(buffer).setArray(positions))
    .setIndices(doc.createAccessor().setType('SCALAR').setBuffer(buffer).setArray(indices));
  const mesh = doc.createMesh().addPrimitive(primitive);
  const parent = doc.createNode().setTranslation([1, 0, 0]).addChild(doc.createNode().setMesh(mesh).setScale([2, 2, 2]));
  doc.createScene().addChild(parent);
  await MeshoptEncoder.ready;
  return new WebIO().registerExtensions([EXTMeshoptCompression, KHRTextureTransform])
    .registerDependencies({ 'meshopt.encoder': MeshoptEncoder }).writeBinary(doc);
}

/** Checks the invariants the renderer relies on. */
function checkModel(model: ModelData): void {
  for (const p of model.primitives) {
    assert(p.positions.length === p.vertexCount * 3, 'positions length');
    assert(p.normals.length === p.vertexCount * 3, 'normals length');
    assert(p.indices.length % 3 === 0 && p.indices.length > 0, 'triangle list');
    for (const i of p.indices) assert(i < p.vertexCount, 'index in range');
    for (const v of p.positions) assert(Number.isFinite(v), 'finite position');
    assert(p.material === null || p.material < model.materials.length, 'material in range');
    checkPrimitiveRig(model, p);
  }
  const rig = model.rig;
  if (!rig) return;
  for (let e = 0; e < rig.paletteCount; e++) assert(rig.palette[e * PALETTE_ENTRY_FLOATS]! < rig.nodeCount, 'palette node in range');
  for (const animation of rig.animations) {
    for (const c of animation.channels) {
      assert(c.node < rig.nodeCount, 'channel node in range');
      assert(c.values.length === c.times.length * c.components * (c.interpolation === 2 ? 3 : 1), 'channel values match its times');
      for (let k = 1; k < c.times.length; k++) assert(c.times[k]! >= c.times[k - 1]!, 'times increase');
    }
  }
}

/** The bounds the animation kernels and the skinning shader rely on. */
function checkPrimitiveRig(model: ModelData, p: ModelData['primitives'][number]): void {
  const rig = p.rig;
  if (!rig || !model.rig) return;
  if (rig.joints) {
    let highest = 0;
    for (const j of rig.joints) highest = Math.max(highest, j);
    assert(rig.paletteEntry + highest < model.rig.paletteCount, 'joint entries in range');
    assert(rig.joints.length === p.vertexCount * 4 && rig.weights!.length === p.vertexCount * 4, 'joints and weights per vertex');
  } else {
    assert(rig.paletteEntry < model.rig.paletteCount, 'node entry in range');
  }
  if (rig.targetCount > 0) {
    assert(rig.morphPositions!.length === rig.targetCount * p.vertexCount * 3, 'morph deltas per target and vertex');
    assert(rig.weightOffset + rig.targetCount <= model.rig.weights.length, 'morph weights in range');
  }
}

describe('parseGltf fuzzing', function () {
  this.timeout(120_000);

  it(`answers ${ITERATIONS} byte-flipped GLB files with a model or a coded error, never a hang`, async () => {
    const random = new Random();
    const quad = quadModel();
    const seeds = [
      makeGlb(quad.json, quad.bin), await richGlb(), await makeSkinnedModel(), await makeMorphedModel(),
      await makeModel({ shape: 'sphere', segments: [8, 6], draco: true }),
    ];
    const { fetch } = fakeFetch({});
    const outcomes = { model: 0, ASSET_INVALID: 0, LOAD_FAILED: 0 };
    let slowest = 0;
    const started = performance.now();
    for (let iteration = 0; iteration < ITERATIONS; iteration++) {
      const seed = seeds[iteration % seeds.length]!;
      const bytes = seed.slice();
      const jsonEnd = 20 + new DataView(seed.buffer).getUint32(12, true);
      const flips = random.int(1, 4);
      for (let f = 0; f < flips; f++) {
        // A third of the flips land in the header and JSON, where most of the structure is.
        const at = random.next() < 1 / 3 ? random.int(0, jsonEnd - 1) : random.int(0, bytes.length - 1);
        bytes[at] ^= random.int(1, 255);
      }
      const where = `seed ${random.seed}, iteration ${iteration}`;
      const t0 = performance.now();
      let timer = 0;
      const outcome = await Promise.race([
        parseGltf(bytes, { url: 'https://fuzz.test/m.glb', fetch }).then(
          (model) => ({ model }),
          (error: unknown) => ({ error }),
        ),
        new Promise<{ hang: true }>((resolve) => { timer = window.setTimeout(() => resolve({ hang: true }), BUDGET_MS); }),
      ]);
      clearTimeout(timer);
      const elapsed = performance.now() - t0;
      slowest = Math.max(slowest, elapsed);
      assert(!('hang' in outcome) && elapsed < BUDGET_MS, `${where}: took longer than ${BUDGET_MS} ms`);
      if ('model' in outcome) {
        checkModel(outcome.model);
        outcomes.model++;
      } else if ('error' in outcome) {
        const error = outcome.error;
        assert(error instanceof AssetError, `${where}: threw ${String(error)}`);
        assert(error.code === 'ASSET_INVALID' || error.code === 'LOAD_FAILED', `${where}: code ${error.code}`);
        assert(!error.reason.startsWith('unexpected failure'), `${where}: parser bug: ${error.reason}`);
        outcomes[error.code]++;
      }
    }
    console.log(`fuzz: ${ITERATIONS} iterations in ${(performance.now() - started).toFixed(0)} ms (slowest ${slowest.toFixed(1)} ms), `
      + `seed ${random.seed}: ${JSON.stringify(outcomes)}`);
  });

  it('answers 120 byte-flipped KTX2 files with checked levels or a reason, never a hang or a crash', async () => {
    const random = new Random();
    const png = await checkerPng(32, '#ffcc00', '#2040ff');
    const seeds = [await ktx2Image(png, 'uastc'), await ktx2Image(png, 'etc1s')];
    // The unflipped files first, untimed: they decode, and the Basis worker has started and compiled its
    // transcoder, so the time limit below is the flipped file's alone (under load a cold start took seconds).
    for (const seed of seeds) {
      const use = ktx2Use(0, seed, RGBA8_TARGET);
      assert(use.ktx2 !== null, `the unflipped file is usable: ${String(use.problem)}`);
      assert((await use.ktx2.decode(seed, 0)).bytes > 0, 'the unflipped file decodes');
    }
    const outcomes = { levels: 0, invalid: 0 };
    for (let iteration = 0; iteration < 120; iteration++) {
      const seed = seeds[iteration % seeds.length]!;
      const bytes = seed.slice();
      const flips = random.int(1, 4);
      for (let f = 0; f < flips; f++) {
        // Half the flips land in the header, level index and descriptors (the first 300 bytes), where the structure is.
        const at = random.next() < 0.5 ? random.int(0, Math.min(300, bytes.length) - 1) : random.int(0, bytes.length - 1);
        bytes[at] ^= random.int(1, 255);
      }
      const where = `seed ${random.seed}, iteration ${iteration}`;
      let timer = 0;
      // The path a model's KTX2 image takes: header checks, transcoding in the Basis worker, level checks.
      const outcome = await Promise.race([
        (async () => {
          const use = ktx2Use(0, bytes, RGBA8_TARGET);
          if (!use.ktx2) throw use.problem;
          return use.ktx2.decode(bytes, 0);
        })().then((decoded) => ({ decoded }), (error: unknown) => ({ error })),
        new Promise<{ hang: true }>((resolve) => { timer = window.setTimeout(() => resolve({ hang: true }), BUDGET_MS * 5); }),
      ]);
      clearTimeout(timer);
      assert(!('hang' in outcome), `${where}: no answer within ${BUDGET_MS * 5} ms`);
      if ('decoded' in outcome) {
        assert(outcome.decoded.bytes > 0, `${where}: levels with bytes`);
        outcomes.levels++;
      } else if ('error' in outcome) {
        assert(outcome.error instanceof InvalidContent, `${where}: threw ${String(outcome.error)}`);
        outcomes.invalid++;
      }
    }
    assert(outcomes.invalid > 0, `some flipped files are refused: ${JSON.stringify(outcomes)}`);
    console.log(`KTX2 fuzz: seed ${random.seed}: ${JSON.stringify(outcomes)}`);
  });
});
