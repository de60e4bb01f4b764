import { LayerWError } from '../errors.js';

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
  try {
    // Timestamp queries let `quality="auto"` judge GPU time; asked for only where the adapter has them.
    const requiredFeatures: GPUFeatureName[] = adapter.features.has('timestamp-query') ? ['timestamp-query'] : [];
    return await adapter.requestDevice({ label, requiredFeatures });
  } catch (cause) {
    throw new LayerWError('WEBGPU_UNAVAILABLE', 'the WebGPU adapter refused to create a device', { cause });
  }
}
