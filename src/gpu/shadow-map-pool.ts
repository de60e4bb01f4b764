// Shadow maps shared by the scenes of one device. Each scene records its shadow pass and the pass that samples
// it into one command buffer, and the queue runs command buffers in order, so one map per size serves every
// scene: a page of small scenes holds one map, not one each.

/** A pooled map and the view its users render into and sample. */
export interface SharedShadowMap {
  readonly texture: GPUTexture;
  readonly view: GPUTextureView;
  readonly size: number;
  /** Scenes holding it now. */
  users: number;
}

const pools = new WeakMap<GPUDevice, Map<number, SharedShadowMap>>();

/** Takes a share of the device's `size`×`size` map of `format`, creating it for the first user. */
export function acquireShadowMap(device: GPUDevice, size: number, format: GPUTextureFormat): SharedShadowMap {
  let pool = pools.get(device);
  if (!pool) pools.set(device, (pool = new Map()));
  let map = pool.get(size);
  if (!map) {
    const texture = device.createTexture({
      label: `LayerW.sharedShadowMap.${size}`,
      size: [size, size],
      format,
      usage: GPUTextureUsage.RENDER_ATTACHMENT | GPUTextureUsage.TEXTURE_BINDING,
    });
    map = { texture, view: texture.createView({ label: `LayerW.sharedShadowMap.${size}.view` }), size, users: 0 };
    pool.set(size, map);
  }
  map.users++;
  return map;
}

/** Gives a share back; the last user's release destroys the map. */
export function releaseShadowMap(device: GPUDevice, map: SharedShadowMap): void {
  map.users--;
  if (map.users > 0) return;
  pools.get(device)?.delete(map.size);
  map.texture.destroy();
}
