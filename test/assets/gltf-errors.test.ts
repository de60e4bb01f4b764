import { assert, assertEqual } from '../assert.js';
import { expectError } from '../helpers/core.js';
import { AssetError } from '../../src/assets/asset-error.js';
import { loadGltf } from '../../src/assets/gltf-load.js';
import { parseGltf } from '../../src/assets/gltf-parse.js';
import type { LayerWErrorCode } from '../../src/errors.js';
import { fakeFetch, type FakeAnswer } from './fake-fetch.js';
import { makeGlb, quadModel } from './glb-builder.js';

const MODEL = 'https://models.test/a/model.glb';

/** Runs `work`, checks the code and that the reason mentions `words`; returns the error. */
async function expectAssetError(work: () => Promise<unknown>, code: LayerWErrorCode, words: RegExp): Promise<AssetError> {
  const error = await expectError(work, code);
  assert(error instanceof AssetError, `an AssetError, got ${error.name}`);
  assert(words.test(error.reason), `reason "${error.reason}" should match ${words}`);
  assertEqual(error.url, MODEL);
  return error;
}

function edited(edit: (json: Record<string, any>, bin: Uint8Array) => Uint8Array | void): Uint8Array {
  const { json, bin } = quadModel();
  const replaced = edit(json, bin);
  return makeGlb(json, replaced ?? bin);
}

const parse = (bytes: Uint8Array, files: Record<string, FakeAnswer> = {}, limits = {}) =>
  parseGltf(bytes, { url: MODEL, fetch: fakeFetch(files).fetch, limits });

describe('loading failures', () => {
  it('reports a 404 as LOAD_FAILED with the status', async () => {
    await expectAssetError(() => loadGltf(MODEL, { fetch: fakeFetch({}).fetch }), 'LOAD_FAILED', /HTTP 404/);
  });

  it('reports a network error as LOAD_FAILED', async () => {
    await expectAssetError(() => loadGltf(MODEL, { fetch: fakeFetch({ [MODEL]: 'network-error' }).fetch }), 'LOAD_FAILED', /network error/);
  });

  it('names the external buffer that failed to load', async () => {
    const glb = edited((json) => void (json.buffers[0].uri = 'missing.bin'));
    await expectAssetError(() => parse(glb), 'LOAD_FAILED', /buffers\[0\] \(https:\/\/models\.test\/a\/missing\.bin\): HTTP 404/);
  });

  it('aborts the other downloads when one sub-resource fails', async () => {
    const glb = edited((json) => {
      json.buffers[0].uri = 'slow.bin';
      json.images = [{ uri: 'gone.png' }];
      json.textures = [{ source: 0 }];
    });
    const { fetch, requests } = fakeFetch({ 'https://models.test/a/slow.bin': 'hang' });
    await expectAssetError(() => parseGltf(glb, { url: MODEL, fetch }), 'LOAD_FAILED', /images\[0\].*HTTP 404/);
    assert(requests.find((r) => r.url.endsWith('slow.bin'))!.signal.aborted, 'the pending buffer download is aborted');
  });

  it('rejects promptly with an AbortError when aborted, and aborts the download', async () => {
    const { fetch, requests } = fakeFetch({ [MODEL]: 'hang' });
    const controller = new AbortController();
    const loading = loadGltf(MODEL, { fetch, signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    const error = await expectAssetError(() => loading, 'LOAD_FAILED', /aborted/);
    assertEqual(error.name, 'AbortError');
    assert(requests[0]!.signal.aborted, 'the fetch saw the abort');
  });
});

describe('bad content', () => {
  const cases: [string, () => Uint8Array, RegExp, Record<string, unknown>?][] = [
    ['an HTML page instead of a model', () => new TextEncoder().encode('<!doctype html><p>Not found</p>'), /neither GLB .* nor glTF JSON/],
    ['a truncated GLB', () => edited(() => undefined).subarray(0, 100), /truncated GLB/],
    ['a GLB of version 1', () => { const g = edited(() => undefined); g[4] = 1; return g; }, /GLB version 1/],
    ['a lying JSON chunk length', () => { const g = edited(() => undefined); new DataView(g.buffer).setUint32(12, 1 << 20, true); return g; }, /chunk 0 claims 1048576 bytes/],
    ['a lying BIN chunk length', () => {
      const g = edited(() => undefined);
      const v = new DataView(g.buffer);
      v.setUint32(20 + v.getUint32(12, true), 4096, true);
      return g;
    }, /chunk 1 claims 4096 bytes/],
    ['a buffer longer than the BIN chunk', () => edited((json) => void (json.buffers[0].byteLength = 4096)), /buffers\[0\] declares 4096 bytes/],
    ['an accessor past the end of its bufferView', () => edited((json) => void (json.accessors[0].count = 5)), /accessors\[0\] .* lies outside bufferView 0/],
    ['a bufferView past the end of its buffer', () => edited((json) => void (json.bufferViews[0].byteOffset = 100)), /bufferViews\[0\] .* lies outside buffer 0/],
    ['an accessor index past the list', () => edited((json) => void (json.meshes[0].primitives[0].indices = 7)), /refers to accessor 7, but there are 3/],
    ['indices past the vertex count', () => edited((json, bin) => {
      new Uint16Array(bin.buffer, json.bufferViews[1].byteOffset, 6)[4] = 9;
    }), /indices\[4\] is 9, past the 4 vertices/],
    ['a node that is its own ancestor', () => edited((json) => {
      json.nodes = [{ mesh: 0, children: [1] }, { children: [2] }, { children: [0] }];
      json.scenes = [{ nodes: [] }];
    }), /nodes\[\d\] is its own ancestor/],
    ['a node with two parents', () => edited((json) => void (json.nodes = [{ children: [2] }, { children: [2] }, { mesh: 0 }])), /nodes\[2\] has two parents/],
    ['an absurd zero-filled accessor count', () => edited((json) => {
      json.accessors[0] = { componentType: 5126, count: 2 ** 31, type: 'VEC3', sparse: { count: 1, indices: { bufferView: 1, componentType: 5123 }, values: { bufferView: 0 } } };
    }), /would need .* MB/],
    ['more nodes than allowed', () => edited((json) => void (json.nodes = Array.from({ length: 11 }, () => ({})))), /nodes has 11 entries, more than the 10 allowed/, { maxItems: 10 }],
    ['JSON larger than allowed', () => edited(() => undefined), /bytes of JSON, more than the 64 allowed/, { maxJsonBytes: 64 }],
    ['an unsupported required extension', () => edited((json) => void (json.extensionsRequired = ['KHR_materials_volume'])), /requires the extension KHR_materials_volume.*supported: KHR_mesh_quantization/],
    ['a component type that does not exist', () => edited((json) => void (json.accessors[1].componentType = 5124)), /componentType 5124 is not a glTF component type/],
    ['float indices', () => edited((json) => void (json.accessors[1].componentType = 5126)), /componentType 5126.*not allow/],
    ['infinite positions', () => edited((_json, bin) => void (new Float32Array(bin.buffer, 0, 12)[4] = Infinity)), /POSITION holds Infinity at component 4/],
    ['a NaN position', () => edited((_json, bin) => void (new Float32Array(bin.buffer, 0, 12)[11] = NaN)), /POSITION holds NaN at component 11/],
    ['a file:// buffer', () => edited((json) => void (json.buffers[0].uri = 'file:///etc/passwd')), /file: URI/],
  ];
  for (const [what, make, words, limits] of cases) {
    it(`refuses ${what} with ASSET_INVALID`, async () => {
      await expectAssetError(() => parse(make(), {}, limits), 'ASSET_INVALID', words);
    });
  }
});
