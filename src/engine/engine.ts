import { LayerWError } from '../errors.js';
import { requestGpuDevice } from './gpu-device.js';

/** What the engine asks of each scene it drives. Implemented by SceneRuntime. */
export interface EngineClient {
  /** Draws a frame if the scene needs one. Called once per animation frame while registered. */
  tick(now: number): void;
  /** A device is ready (first one, or a replacement after a loss): build every GPU object from memory state. */
  deviceReady(device: GPUDevice): void;
  /** No device can be had: show the fallback. */
  deviceFailed(error: LayerWError): void;
  /** The device went away; a replacement may follow with deviceReady. */
  deviceLost(error: LayerWError): void;
  /** The device reported an error it could not attach to a call (validation, out of memory). */
  gpuError(error: LayerWError): void;
}

/** How long the engine outlives its last scene, so a page that swaps scenes keeps its device. */
export const DEFAULT_TEARDOWN_DELAY_MS = 2000;

/**
 * The one engine per page: it owns the GPUDevice every scene shares and the single animation-frame loop that
 * drives them. Scenes register on connect and unregister on disconnect; the loop runs only while one is
 * registered, and the device is released a while after the last one leaves.
 */
export class Engine {
  static #instance: Engine | undefined;

  /** The page's engine, created on first use. */
  static get(): Engine {
    return (Engine.#instance ??= new Engine());
  }

  /** Tears the engine down at once and forgets it, so the next test starts from nothing. */
  static resetForTests(): void {
    const engine = Engine.#instance;
    if (engine) engine.#teardown();
    Engine.#instance = undefined;
  }

  /** True while an engine exists (for tests that check teardown). */
  static get exists(): boolean {
    return Engine.#instance !== undefined;
  }

  teardownDelayMs = DEFAULT_TEARDOWN_DELAY_MS;
  /** An array rather than a Set, so the per-frame walk allocates no iterator. */
  readonly #clients: EngineClient[] = [];
  #device: GPUDevice | undefined;
  #acquiring = false;
  #failure: LayerWError | undefined;
  #frameRequest = 0;
  #teardownTimer: ReturnType<typeof setTimeout> | undefined;
  /** A device this engine destroyed on purpose to simulate a loss, reported as reason 'unknown'. */
  #simulatedLoss: GPUDevice | undefined;
  #devicesCreated = 0;

  private constructor() {}

  /** Devices created so far: 1 normally, one more per recovered loss. */
  get devicesCreated(): number {
    return this.#devicesCreated;
  }

  /** The current device, if one is ready. */
  get device(): GPUDevice | undefined {
    return this.#device;
  }

  /** Scenes registered now. */
  get clientCount(): number {
    return this.#clients.length;
  }

  /** Adds a scene: it gets the device (now or when ready) and frame ticks until it unregisters. */
  register(client: EngineClient): void {
    if (this.#teardownTimer !== undefined) {
      clearTimeout(this.#teardownTimer);
      this.#teardownTimer = undefined;
    }
    if (this.#clients.includes(client)) return;
    this.#clients.push(client);
    if (this.#device) client.deviceReady(this.#device);
    else if (this.#failure) client.deviceFailed(this.#failure);
    else this.#acquire();
    this.#requestFrame();
  }

  /** Removes a scene; the last one out starts the teardown timer. */
  unregister(client: EngineClient): void {
    const index = this.#clients.indexOf(client);
    if (index < 0) return;
    this.#clients.splice(index, 1);
    if (this.#clients.length === 0) {
      this.#teardownTimer = setTimeout(() => this.#teardown(), this.teardownDelayMs);
    }
  }

  /** Destroys the device as if the GPU had gone away for an unknown reason; recovery follows. For tests. */
  simulateDeviceLossForTests(): void {
    if (!this.#device) throw new Error('no device to lose');
    this.#simulatedLoss = this.#device;
    this.#device.destroy();
  }

  #acquire(): void {
    if (this.#acquiring) return;
    this.#acquiring = true;
    requestGpuDevice('LayerW.device').then(
      (device) => {
        this.#acquiring = false;
        if (!Engine.#owns(this)) {
          device.destroy();
          return;
        }
        this.#adopt(device);
      },
      (error: unknown) => {
        this.#acquiring = false;
        this.#failure = error instanceof LayerWError ? error : new LayerWError('WEBGPU_UNAVAILABLE', String(error), { cause: error });
        for (const client of this.#clients.slice()) client.deviceFailed(this.#failure);
      },
    );
  }

  static #owns(engine: Engine): boolean {
    return Engine.#instance === engine;
  }

  #adopt(device: GPUDevice): void {
    this.#device = device;
    this.#devicesCreated++;
    device.addEventListener('uncapturederror', (event) => {
      const gpuError = (event as GPUUncapturedErrorEvent).error;
      const error = new LayerWError('GPU_ERROR', `WebGPU reported: ${gpuError.message}`, { cause: gpuError });
      for (const client of this.#clients.slice()) client.gpuError(error);
    });
    void device.lost.then((info) => this.#onLost(device, info));
    for (const client of this.#clients.slice()) client.deviceReady(device);
    this.#requestFrame();
  }

  #onLost(device: GPUDevice, info: GPUDeviceLostInfo): void {
    if (this.#device !== device) return; // torn down or already replaced on purpose
    this.#device = undefined;
    const simulated = this.#simulatedLoss === device;
    this.#simulatedLoss = undefined;
    const reason = simulated ? 'unknown' : info.reason;
    const error = new LayerWError('DEVICE_LOST', `the GPU device was lost (${reason})${info.message ? `: ${info.message}` : ''}`);
    for (const client of this.#clients.slice()) client.deviceLost(error);
    // A device destroyed by someone else on purpose stays gone; any other loss gets a new device.
    if (reason !== 'destroyed' && this.#clients.length > 0) this.#acquire();
  }

  #requestFrame(): void {
    if (this.#frameRequest === 0 && this.#clients.length > 0 && typeof requestAnimationFrame === 'function') {
      this.#frameRequest = requestAnimationFrame(this.#tick);
    }
  }

  readonly #tick = (now: number): void => {
    this.#frameRequest = 0;
    const clients = this.#clients;
    for (let i = 0; i < clients.length; i++) clients[i]!.tick(now);
    this.#requestFrame();
  };

  #teardown(): void {
    if (this.#frameRequest !== 0) cancelAnimationFrame(this.#frameRequest);
    this.#frameRequest = 0;
    if (this.#teardownTimer !== undefined) clearTimeout(this.#teardownTimer);
    this.#teardownTimer = undefined;
    const device = this.#device;
    this.#device = undefined;
    device?.destroy();
    this.#failure = undefined;
    if (Engine.#instance === this) Engine.#instance = undefined;
  }
}
