import { LayerWError } from '../errors.js';

/**
 * Features asked for where the adapter has them: texture compression, so KTX2 textures stay compressed on the
 * GPU (see ktx2Target); indirect first instance for GPU culling; timestamp queries for `quality="auto"`.
 */
const OPTIONAL_FEATURES: readonly GPUFeatureName[] = [
  'texture-compression-bc', 'texture-compression-astc', 'texture-compression-etc2', 'indirect-first-instance', 'timestamp-query',
];

/**
 * Asks the browser for a WebGPU adapter and device. Throws a `WEBGPU_UNAVAILABLE` LayerWError when there is no
 * `navigator.gpu` (old browser, insecure context, server-side rendering), no adapter, or the device request
 * fails. Called by the engine once per device it needs (at start and after a device loss).
 */
export async function requestGpuDevice(label: string): Promise<GPUDevice> {
  const gpu = typeof navigator === 'undefined' ? undefined : navigator.gpu;
  if (!gpu) {
    throw new LayerWError('WEBGPU_UNAVAILABLE', 'this browser has no WebGPU (navigator.gpu is missing)');
  }
  let adapter: GPUAdapter | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (cause) {
    throw new LayerWError('WEBGPU_UNAVAILABLE', 'requesting a WebGPU adapter failed', { cause });
  }
  if (!adapter) throw new LayerWError('WEBGPU_UNAVAILABLE', 'the browser offers no WebGPU adapter');
  // Asked for only where the adapter has them: compressed formats for KTX2 textures, GPU culling's indirect
  // first instance (each batch drawn from its place in one list), and timestamp queries, with which
  // `quality="auto"` judges GPU time.
  const requiredFeatures = OPTIONAL_FEATURES.filter((feature) => adapter.features.has(feature));
  try {
    return await adapter.requestDevice({ label, requiredFeatures });
  } catch (cause) {
    throw new LayerWError('WEBGPU_UNAVAILABLE', 'the WebGPU adapter refused to create a device', { cause });
  }
}
