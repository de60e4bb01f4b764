// FrameResources.orderLights: the uniform holds the lights with a direction first and the ambient ones after,
// which the mesh shader's two light loops rely on (shaders/mesh.wgsl), and the shadow light is found again in
// that order. What the lights look like is what the light goldens check.
import { assert, assertEqual } from '../assert.js';
import { FRAME_PARAMS, FrameResources } from '../../src/gpu/frame-resources.js';
import { LIGHT_FLOATS, LIGHT_TYPES, MAX_LIGHTS, type FrameInput, type LightType } from '../../src/gpu/frame-input.js';

function input(types: LightType[], version: number): FrameInput {
  const lights = new Float32Array(MAX_LIGHTS * LIGHT_FLOATS);
  types.forEach((type, i) => { lights[i * LIGHT_FLOATS] = LIGHT_TYPES[type]; });
  return { lights, lightCount: types.length, version } as unknown as FrameInput;
}

describe('FrameResources.orderLights', () => {
  let device: GPUDevice;
  let resources: FrameResources;

  before(async () => {
    const adapter = await navigator.gpu?.requestAdapter();
    assert(adapter, 'no WebGPU adapter');
    device = await adapter.requestDevice();
    resources = new FrameResources(device, 'test');
  });

  after(() => {
    resources.destroy();
    device.destroy();
  });

  it('puts the lights with a direction first and finds the shadow light among them', () => {
    // ambient, directional (the shadow light), ambient, spot.
    const frame = input(['ambient', 'directional', 'ambient', 'spot'], 1);
    assertEqual(resources.orderLights(frame, 4, 1), 0, 'the directional light is the first in the uniform');
    assertEqual(resources.header[FRAME_PARAMS + 2], 2, 'two lights have a direction');
    assertEqual(resources.orderLights(frame, 4, -1), -1, 'no shadow light stays none');
  });

  it('orders again when the lights change, and counts only the lights shaded', () => {
    const frame = input(['point', 'ambient', 'directional'], 2);
    assertEqual(resources.orderLights(frame, 3, 2), 1, 'the directional light follows the point light');
    assertEqual(resources.header[FRAME_PARAMS + 2], 2);
    assertEqual(resources.orderLights(frame, 2, 0), 0, 'with two lights shaded, the point light leads');
    assertEqual(resources.header[FRAME_PARAMS + 2], 1, 'of the two lights shaded, one has a direction');
  });
});
