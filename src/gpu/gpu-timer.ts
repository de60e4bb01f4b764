// GPU time of one render pass per frame, from timestamp queries, read back without stalling the frame.

/** Read-back buffers in the ring: a timed frame's times arrive a frame or more later. */
const RING = 3;
/**
 * One frame in this many is timed: enough for a judgement every 30 frames, and mapping (its promise, the
 * mapped range and a view of it) allocates a little each time.
 */
const TIMED_EVERY = 4;
/** Two 64-bit timestamps: the pass's beginning and end. */
const QUERY_BYTES = 2 * 8;

/**
 * Times a render pass on the GPU with the `timestamp-query` feature. `writes` goes into the pass descriptor,
 * `resolve` after the pass, `submitted` after the queue submit. The times land in a small ring of mappable
 * buffers, mapped asynchronously; `gpuMs` is the latest one. Made by `GpuTimer.create` only on devices that
 * have the feature. It times one frame in TIMED_EVERY; allocates only on those, for the mapping.
 */
export class GpuTimer {
  readonly #querySet: GPUQuerySet;
  readonly #resolveBuffer: GPUBuffer;
  readonly #readback: GPUBuffer[] = [];
  /** Per ring entry: free (0), written this frame (1), mapping (2). */
  readonly #state = new Uint8Array(RING);
  readonly #onMapped: (() => void)[] = [];
  readonly #onFailed = (): void => undefined;
  readonly #writes: GPURenderPassTimestampWrites;
  #current = -1;
  #frame = 0;
  #destroyed = false;
  /** Milliseconds the timed pass took on the GPU in the latest frame read back; NaN before the first. */
  gpuMs = Number.NaN;
  /** Frames read back so far. */
  samples = 0;

  /** A timer for `device`, or null when the device has no `timestamp-query`. */
  static create(device: GPUDevice, label: string): GpuTimer | null {
    return device.features.has('timestamp-query') ? new GpuTimer(device, label) : null;
  }

  private constructor(device: GPUDevice, label: string) {
    this.#querySet = device.createQuerySet({ label: `${label}.timestamps`, type: 'timestamp', count: 2 });
    this.#resolveBuffer = device.createBuffer({
      label: `${label}.timestampResolve`,
      size: QUERY_BYTES,
      usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC,
    });
    for (let i = 0; i < RING; i++) {
      this.#readback.push(device.createBuffer({
        label: `${label}.timestampReadback${i}`,
        size: QUERY_BYTES,
        usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
      }));
      this.#onMapped.push(() => this.#read(i));
    }
    this.#writes = { querySet: this.#querySet, beginningOfPassWriteIndex: 0, endOfPassWriteIndex: 1 };
  }

  /** Bytes of GPU memory the timer holds. */
  get gpuBytes(): number {
    return QUERY_BYTES * (RING + 1);
  }

  /**
   * The pass's `timestampWrites` for this frame, or undefined when this frame is not timed or every read-back
   * buffer is still in use. Called once per frame.
   */
  writes(): GPURenderPassTimestampWrites | undefined {
    // A frame that failed before its submit leaves its entry marked: it is reused.
    if (this.#current < 0) {
      if (this.#frame++ % TIMED_EVERY !== 0) return undefined;
      this.#current = this.#state.indexOf(0);
    }
    if (this.#current < 0) return undefined;
    this.#state[this.#current] = 1;
    return this.#writes;
  }

  /** Copies this frame's timestamps toward its read-back buffer. Call after the timed pass ended. */
  resolve(encoder: GPUCommandEncoder): void {
    if (this.#current < 0) return;
    encoder.resolveQuerySet(this.#querySet, 0, 2, this.#resolveBuffer, 0);
    encoder.copyBufferToBuffer(this.#resolveBuffer, 0, this.#readback[this.#current]!, 0, QUERY_BYTES);
  }

  /** Starts mapping this frame's read-back buffer. Call after the command buffer was submitted. */
  submitted(): void {
    const at = this.#current;
    if (at < 0) return;
    this.#current = -1;
    this.#state[at] = 2;
    this.#readback[at]!.mapAsync(GPUMapMode.READ).then(this.#onMapped[at], this.#onFailed);
  }

  /** Frees the query set and buffers; mappings still on their way are dropped. */
  destroy(): void {
    this.#destroyed = true;
    this.#querySet.destroy();
    this.#resolveBuffer.destroy();
    for (const buffer of this.#readback) buffer.destroy();
  }

  #read(at: number): void {
    if (this.#destroyed) return;
    const buffer = this.#readback[at]!;
    const words = new Uint32Array(buffer.getMappedRange(0, QUERY_BYTES));
    // Nanoseconds as two 32-bit halves: read without BigInt so a sample allocates nothing more.
    const begin = words[1]! * 2 ** 32 + words[0]!;
    const end = words[3]! * 2 ** 32 + words[2]!;
    buffer.unmap();
    this.#state[at] = 0;
    // A pass the GPU did not time (or a timestamp reset between the two) gives zero or a wrap; skip it.
    if (end <= begin) return;
    this.gpuMs = (end - begin) / 1e6;
    this.samples++;
  }
}
