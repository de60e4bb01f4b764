// The built-in geometries on the GPU: one shared vertex buffer and one shared index buffer per device, uploaded
// once. Every SceneRenderer on a device acquires the same library and releases it on destroy.

import { GEOMETRIES } from './frame-input.js';
import { buildGeometry, VERTEX_BYTES, type GeometryData } from './geometry.js';

/** u32 per geometry in GeometryLibrary.draws: index count, first index, base vertex. */
export const DRAW_INFO_U32 = 3;

const libraries = new WeakMap<GPUDevice, GeometryLibrary>();

/** Vertex and index buffers of every built-in geometry, with per-geometry draw ranges. */
export class GeometryLibrary {
  readonly vertexBuffer: GPUBuffer;
  readonly indexBuffer: GPUBuffer;
  readonly indexFormat: GPUIndexFormat;
  /** DRAW_INFO_U32 per geometry index (the opaque batch key): index count, first index, base vertex. */
  readonly draws: Uint32Array;
  /** Object-space bounding sphere (cx, cy, cz, r) per geometry index, for the localBounds column. */
  readonly bounds: Float32Array;
  readonly #device: GPUDevice;
  #users = 0;

  /** The device's library, created and uploaded on first use. Pair every call with release(). */
  static acquire(device: GPUDevice): GeometryLibrary {
    let library = libraries.get(device);
    if (!library) {
      library = new GeometryLibrary(device);
      libraries.set(device, library);
    }
    library.#users++;
    return library;
  }

  private constructor(device: GPUDevice) {
    this.#device = device;
    const built: GeometryData[] = GEOMETRIES.map(name => buildGeometry(name));
    let vertexFloats = 0;
    let indexCount = 0;
    for (const g of built) {
      vertexFloats += g.vertices.length;
      indexCount += g.indices.length;
    }
    // Indices are local to each geometry (drawn with a base vertex), so 16 bits suffice unless one needs 32.
    const wide = built.some(g => g.indices instanceof Uint32Array);
    this.indexFormat = wide ? 'uint32' : 'uint16';
    const indexBytes = wide ? 4 : 2;

    this.vertexBuffer = device.createBuffer({
      label: 'GeometryLibrary.vertexBuffer',
      size: vertexFloats * 4, // VERTEX_BYTES per vertex of every geometry
      usage: GPUBufferUsage.VERTEX,
      mappedAtCreation: true,
    });
    this.indexBuffer = device.createBuffer({
      label: 'GeometryLibrary.indexBuffer',
      size: Math.ceil((indexCount * indexBytes) / 4) * 4, // indices of every geometry, padded to 4 bytes
      usage: GPUBufferUsage.INDEX,
      mappedAtCreation: true,
    });
    const vertices = new Float32Array(this.vertexBuffer.getMappedRange());
    const indexRange = this.indexBuffer.getMappedRange();
    const indices = wide ? new Uint32Array(indexRange) : new Uint16Array(indexRange);
    this.draws = new Uint32Array(GEOMETRIES.length * DRAW_INFO_U32);
    this.bounds = new Float32Array(GEOMETRIES.length * 4);
    let vertexFloat = 0;
    let firstIndex = 0;
    built.forEach((g, key) => {
      vertices.set(g.vertices, vertexFloat);
      indices.set(g.indices, firstIndex);
      this.draws.set([g.indices.length, firstIndex, (vertexFloat * 4) / VERTEX_BYTES], key * DRAW_INFO_U32);
      this.bounds.set(g.bounds, key * 4);
      vertexFloat += g.vertices.length;
      firstIndex += g.indices.length;
    });
    this.vertexBuffer.unmap();
    this.indexBuffer.unmap();
  }

  /** Bytes of GPU memory the library holds (shared by every renderer on the device). */
  get gpuBytes(): number {
    return this.vertexBuffer.size + this.indexBuffer.size;
  }

  /** Renderers holding the library now. */
  get users(): number {
    return this.#users;
  }

  /** Binds the shared buffers; call once per render pass before drawing geometry. */
  bind(pass: GPURenderPassEncoder | GPURenderBundleEncoder): void {
    pass.setVertexBuffer(0, this.vertexBuffer);
    pass.setIndexBuffer(this.indexBuffer, this.indexFormat);
  }

  /** Records one instanced draw of geometry `key` (an opaque batch key, i.e. a GEOMETRIES index). */
  draw(pass: GPURenderPassEncoder | GPURenderBundleEncoder, key: number, firstInstance: number, instanceCount: number): void {
    const o = key * DRAW_INFO_U32;
    pass.drawIndexed(this.draws[o]!, instanceCount, this.draws[o + 1]!, this.draws[o + 2]!, firstInstance);
  }

  /** Gives up one acquire(); the buffers are destroyed when the last user releases. */
  release(): void {
    if (this.#users === 0) return;
    this.#users--;
    if (this.#users > 0) return;
    this.vertexBuffer.destroy();
    this.indexBuffer.destroy();
    libraries.delete(this.#device);
  }
}
