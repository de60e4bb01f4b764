import { LayerWError } from '../errors.js';
import type { SceneRenderer } from '../gpu/scene-renderer.js';
import { loadedRenderer, loadRenderer, type SceneRendererClass } from './renderer-code.js';

/** What a scene's device side needs from its runtime. */
export interface SceneDeviceHost {
  readonly canvas: HTMLCanvasElement;
  /** True once the runtime is destroyed or its memory failed: a device handed over then is not used. */
  readonly stopped: boolean;
  report(error: LayerWError): void;
  availabilityChanged(available: boolean): void;
  /** The scene now draws with `renderer` on `device`. */
  using(device: GPUDevice, renderer: SceneRenderer): void;
  /** The scene's device, renderer and context are gone. */
  released(): void;
}

/**
 * One scene's life on the page's GPU device: the canvas context and renderer made when the engine hands over a
 * device (after the renderer's chunk has arrived), released when the device is lost, replaced or the scene goes.
 */
export class SceneDevice {
  readonly #host: SceneDeviceHost;
  #device: GPUDevice | null = null;
  /** A device handed over while the renderer's code was still loading. */
  #waitingDevice: GPUDevice | null = null;
  #context: GPUCanvasContext | undefined;
  #renderer: SceneRenderer | undefined;
  #codeFailed = false;

  constructor(host: SceneDeviceHost) {
    this.#host = host;
  }

  /** The device in use, null while there is none. */
  get device(): GPUDevice | null {
    return this.#device;
  }

  get context(): GPUCanvasContext | undefined {
    return this.#context;
  }

  get renderer(): SceneRenderer | undefined {
    return this.#renderer;
  }

  /** True once the renderer's code failed to load for a device: the scene has had its LOAD_FAILED. */
  get codeFailed(): boolean {
    return this.#codeFailed;
  }

  /** See EngineClient.deviceReady. */
  deviceReady(device: GPUDevice): void {
    if (this.#host.stopped) return;
    this.release();
    const renderer = loadedRenderer();
    if (renderer) {
      this.#useDevice(device, renderer);
      return;
    }
    this.#waitingDevice = device;
    loadRenderer().then(
      (loaded) => {
        if (this.#waitingDevice !== device) return;
        this.#waitingDevice = null;
        this.#useDevice(device, loaded);
      },
      (cause: unknown) => {
        if (this.#waitingDevice !== device) return;
        this.#waitingDevice = null;
        this.#codeFailed = true;
        // A scene stopped meanwhile has said why: in the package build its frame kernels come in the same chunk.
        if (this.#host.stopped) return;
        this.deviceFailed(new LayerWError('LOAD_FAILED', `the renderer's code could not be loaded: ${String(cause)}`, { cause }));
      },
    );
  }

  #useDevice(device: GPUDevice, SceneRendererClass: SceneRendererClass): void {
    if (this.#host.stopped) return;
    const context = this.#host.canvas.getContext('webgpu');
    if (!context) {
      this.deviceFailed(new LayerWError('WEBGPU_UNAVAILABLE', 'the canvas gave no WebGPU context'));
      return;
    }
    const format = navigator.gpu.getPreferredCanvasFormat();
    // COPY_SRC: transmissive materials sample a copy of the opaque colour (src/gpu/transmission-pass.ts).
    context.configure({
      device, format, alphaMode: 'premultiplied', viewFormats: [`${format}-srgb` as GPUTextureFormat],
      usage: GPUTextureUsage.RENDER_ATTACHMENT | GPUTextureUsage.COPY_SRC,
    });
    this.#context = context;
    const renderer = (this.#renderer = new SceneRendererClass(device, format, 'LayerW.scene'));
    if (device.features.has('timestamp-query')) {
      // Without the timer's chunk, `quality="auto"` judges the frame interval.
      void import('../gpu/gpu-timer.js').then(({ GpuTimer }) => {
        if (this.#renderer === renderer) renderer.timer = GpuTimer.create(device, 'LayerW.scene');
      }, () => undefined);
    }
    this.#device = device;
    this.#host.using(device, renderer);
    this.#host.availabilityChanged(true);
  }

  /** See EngineClient.deviceFailed. */
  deviceFailed(error: LayerWError): void {
    this.#host.report(error);
    this.#host.availabilityChanged(false);
  }

  /** See EngineClient.deviceLost. */
  deviceLost(error: LayerWError): void {
    this.release();
    this.#host.report(error);
  }

  /** Drops the device, the renderer and the canvas context. */
  release(): void {
    this.#device = null;
    this.#waitingDevice = null;
    this.#host.released();
    this.#renderer?.destroy();
    this.#renderer = undefined;
    this.#context?.unconfigure();
    this.#context = undefined;
  }
}
