// The split-sum environment BRDF of the mesh shader (environmentBrdf in shaders/ibl.wgsl), run on the GPU, against
// the integral it fits, computed here by importance sampling the GGX lobe with the height-correlated Smith
// visibility of the direct lights.
import { assert } from '../assert.js';
import iblWGSL from '../../shaders/ibl.wgsl?raw';

/** Grid points per axis: NoV over (0, 1), roughness over the shaded range [0.04, 1]. */
const GRID = 16;
const SAMPLES = 1024;

/** The i-th of SAMPLES points of the Hammersley set. */
function hammersley(i: number): [number, number] {
  let bits = i >>> 0;
  bits = ((bits << 16) | (bits >>> 16)) >>> 0;
  bits = (((bits & 0x55555555) << 1) | ((bits & 0xaaaaaaaa) >>> 1)) >>> 0;
  bits = (((bits & 0x33333333) << 2) | ((bits & 0xcccccccc) >>> 2)) >>> 0;
  bits = (((bits & 0x0f0f0f0f) << 4) | ((bits & 0xf0f0f0f0) >>> 4)) >>> 0;
  bits = (((bits & 0x00ff00ff) << 8) | ((bits & 0xff00ff00) >>> 8)) >>> 0;
  return [i / SAMPLES, bits * 2.3283064365386963e-10];
}

/** Scale and bias to F0 of the GGX lobe at `NoV` and perceptual `roughness`, integrated over the hemisphere. */
function integrated(NoV: number, roughness: number): [number, number] {
  const a2 = roughness ** 4;
  const v = [Math.sqrt(1 - NoV * NoV), 0, NoV] as const;
  let scale = 0;
  let bias = 0;
  for (let i = 0; i < SAMPLES; i++) {
    const [u, w] = hammersley(i);
    const phi = 2 * Math.PI * u;
    const cosTheta = Math.sqrt((1 - w) / (1 + (a2 - 1) * w));
    const sinTheta = Math.sqrt(1 - cosTheta * cosTheta);
    const h = [sinTheta * Math.cos(phi), sinTheta * Math.sin(phi), cosTheta] as const;
    const VoH = Math.max(v[0] * h[0] + v[2] * h[2], 0);
    const NoL = 2 * VoH * h[2] - v[2];
    if (NoL <= 0) continue;
    const ggxV = NoL * Math.sqrt(NoV * NoV * (1 - a2) + a2);
    const ggxL = NoV * Math.sqrt(NoL * NoL * (1 - a2) + a2);
    const weighted = (4 * (0.5 / (ggxV + ggxL)) * NoL * VoH) / Math.max(h[2], 1e-5);
    const fc = (1 - VoH) ** 5;
    scale += (1 - fc) * weighted;
    bias += fc * weighted;
  }
  return [scale / SAMPLES, bias / SAMPLES];
}

function gridPoint(i: number, j: number): [number, number] {
  return [(i + 0.5) / GRID, 0.04 + ((j + 0.5) / GRID) * 0.96];
}

/** environmentBrdf over the grid, evaluated by the GPU: scale, bias per point, row by row of roughness. */
async function fittedOnGpu(): Promise<Float32Array> {
  const fn = /fn environmentBrdf\(NoV: f32, roughness: f32\) -> vec2f \{[\s\S]*?\n\}\n/.exec(iblWGSL);
  assert(fn, 'shaders/ibl.wgsl defines environmentBrdf(NoV, roughness)');
  const adapter = await navigator.gpu.requestAdapter();
  assert(adapter, 'a WebGPU adapter');
  const device = await adapter.requestDevice();
  try {
    const module = device.createShaderModule({
      label: 'environmentBrdf.test',
      code: `${fn[0]}
@group(0) @binding(0) var<storage, read_write> result: array<vec2f>;
@compute @workgroup_size(${GRID})
fn main(@builtin(global_invocation_id) id: vec3u) {
  let NoV = (f32(id.x) + 0.5) / ${GRID}.0;
  let roughness = 0.04 + (f32(id.y) + 0.5) / ${GRID}.0 * 0.96;
  result[id.y * ${GRID}u + id.x] = environmentBrdf(NoV, roughness);
}`,
    });
    const bytes = GRID * GRID * 8;
    const storage = device.createBuffer({ size: bytes, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
    const readback = device.createBuffer({ size: bytes, usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.MAP_READ });
    const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module, entryPoint: 'main' } });
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: storage } }] }));
    pass.dispatchWorkgroups(1, GRID);
    pass.end();
    encoder.copyBufferToBuffer(storage, 0, readback, 0, bytes);
    device.queue.submit([encoder.finish()]);
    await readback.mapAsync(GPUMapMode.READ);
    return new Float32Array(readback.getMappedRange().slice(0));
  } finally {
    device.destroy();
  }
}

describe('environment BRDF (shaders/ibl.wgsl)', () => {
  it('stays within 0.07 of the split-sum integral, 0.02 root-mean-square, over NoV and roughness', async () => {
    const fitted = await fittedOnGpu();
    const worst = [0, 0];
    const squares = [0, 0];
    for (let j = 0; j < GRID; j++) {
      for (let i = 0; i < GRID; i++) {
        const [NoV, roughness] = gridPoint(i, j);
        const expected = integrated(NoV, roughness);
        for (let c = 0; c < 2; c++) {
          const error = Math.abs(fitted[(j * GRID + i) * 2 + c]! - expected[c]!);
          worst[c] = Math.max(worst[c]!, error);
          squares[c]! += error * error;
        }
      }
    }
    const rms = squares.map((sum) => Math.sqrt(sum / (GRID * GRID)));
    console.log(`environment BRDF: largest error scale ${worst[0]!.toFixed(4)}, bias ${worst[1]!.toFixed(4)}; rms ${rms[0]!.toFixed(4)}, ${rms[1]!.toFixed(4)}`);
    for (let c = 0; c < 2; c++) {
      assert(worst[c]! <= 0.07, `${c === 0 ? 'scale' : 'bias'} off by ${worst[c]!.toFixed(4)} somewhere`);
      assert(rms[c]! <= 0.02, `${c === 0 ? 'scale' : 'bias'} off by ${rms[c]!.toFixed(4)} root-mean-square`);
    }
  });
});
