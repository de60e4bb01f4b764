// One picture shown on textured shapes: an <img>, <video> or <canvas> of the page, or a URL decoded once. It owns
// one persistent GPU texture, refilled with copyExternalImageToTexture when its picture changes (a new video
// frame, an image that loaded, a canvas the page says it redrew), so a playing video costs one copy per frame
// and no allocation. Part of the live shapes chunk (shape-live.ts).

import { LayerWError } from '../errors.js';
import { fetchBytes, platformFetch, type CrossOrigin } from '../assets/fetch-bytes.js';
import { encodedImage } from '../assets/images.js';
import { DEFAULT_LIMITS } from '../assets/limits.js';
import { decodeImage, finishTexture, mipLevelCount, textureBytes } from '../gpu/textures.js';

/** What a shape's image is drawn from: a URL, or an element of the page. */
export type ShapeImageSource = string | HTMLImageElement | HTMLVideoElement | HTMLCanvasElement;

/** One element (or URL) shown on shapes of a scene, with its texture on the scene's device. */
export class LiveImage {
  users = 0;
  texture: GPUTexture | null = null;
  srgbView: GPUTextureView | null = null;
  linearView: GPUTextureView | null = null;
  /** Its picture changed since the last copy (or it was never copied). */
  stale = true;
  failed = false;
  /** Video time of the last copy, for browsers without requestVideoFrameCallback. */
  #copiedTime = -1;
  /** A URL's decoded picture, kept so a new device can be filled again. */
  #bitmap: ImageBitmap | null = null;
  /** Reused for every copy: a copy allocates nothing. */
  readonly #copySource: GPUCopyExternalImageSourceInfo;
  readonly #copyDestination: GPUCopyExternalImageDestInfo = { texture: null as unknown as GPUTexture, premultipliedAlpha: false };
  readonly #copySize = [0, 0];
  /** Pictures that change every frame (videos, canvases) keep one mip level. */
  readonly #dynamic: boolean;
  /** Re-arms itself while the image is used: one bound function for the life of the image. */
  readonly #onVideoFrame: () => void;
  readonly #onLoad: () => void;

  /**
   * Starts listening for new pictures of `source` (`changed` is called for each) or, for a URL, fetching and
   * decoding it (`failed` hears why it could not be).
   */
  constructor(readonly source: ShapeImageSource, crossOrigin: CrossOrigin, changed: () => void, failed: (error: LayerWError) => void) {
    this.#dynamic = source instanceof HTMLVideoElement || source instanceof HTMLCanvasElement;
    this.#copySource = { source: typeof source === 'string' ? (null as unknown as ImageBitmap) : source };
    this.#onLoad = () => {
      this.stale = true;
      changed();
    };
    this.#onVideoFrame = () => {
      if (this.users === 0) return;
      this.#onLoad();
      (this.source as HTMLVideoElement).requestVideoFrameCallback(this.#onVideoFrame);
    };
    if (source instanceof HTMLImageElement) source.addEventListener('load', this.#onLoad);
    if (source instanceof HTMLVideoElement) {
      if (typeof source.requestVideoFrameCallback === 'function') source.requestVideoFrameCallback(this.#onVideoFrame);
      source.addEventListener('loadeddata', this.#onLoad);
      source.addEventListener('seeked', this.#onLoad);
    }
    if (typeof source === 'string') void this.#decode(source, crossOrigin, failed);
  }

  /** GPU bytes of its texture. */
  get gpuBytes(): number {
    const texture = this.texture;
    if (!texture) return 0;
    return texture.mipLevelCount > 1 ? textureBytes(texture.width, texture.height) : texture.width * texture.height * 4;
  }

  /**
   * Copies a changed picture into the texture (made or remade at the picture's size); returns the error when the
   * picture cannot reach the GPU (a cross-origin picture without CORS), null otherwise.
   */
  copy(device: GPUDevice): LayerWError | null {
    const source = this.source;
    // requestVideoFrameCallback wakes an on-demand scene; the time tells a new frame where it is missing.
    if (source instanceof HTMLVideoElement && source.currentTime !== this.#copiedTime) this.stale = true;
    if (!this.stale || this.failed) return null;
    const [width, height] = this.#size();
    if (width === 0 || height === 0) return null;
    if (!this.texture || this.texture.width !== width || this.texture.height !== height) this.#makeTexture(device, width, height);
    this.#copySize[0] = width;
    this.#copySize[1] = height;
    try {
      device.queue.copyExternalImageToTexture(this.#copySource, this.#copyDestination, this.#copySize);
    } catch (cause) {
      return new LayerWError('LOAD_FAILED', `a picture could not be copied to the GPU: ${String(cause)}`, { cause });
    }
    if (!this.#dynamic) this.srgbView = finishTexture(device, this.texture!, true);
    this.stale = false;
    if (source instanceof HTMLVideoElement) this.#copiedTime = source.currentTime;
    return null;
  }

  /** Lets go of the texture (the device went); the next copy makes it again. */
  releaseGpu(): void {
    this.texture?.destroy();
    this.texture = null;
    this.srgbView = null;
    this.linearView = null;
    this.stale = true;
  }

  /** Lets go of everything: texture, listeners, decoded picture. */
  dispose(): void {
    this.releaseGpu();
    const source = this.source;
    if (source instanceof HTMLImageElement) source.removeEventListener('load', this.#onLoad);
    if (source instanceof HTMLVideoElement) {
      source.removeEventListener('loadeddata', this.#onLoad);
      source.removeEventListener('seeked', this.#onLoad);
    }
    this.#bitmap?.close();
    this.#bitmap = null;
  }

  async #decode(url: string, crossOrigin: CrossOrigin, failed: (error: LayerWError) => void): Promise<void> {
    try {
      const bytes = await fetchBytes(url, {
        fetch: platformFetch(), signal: new AbortController().signal, crossOrigin, maxBytes: DEFAULT_LIMITS.maxFileBytes, modelUrl: url, what: 'the image',
      });
      const encoded = encodedImage(bytes, url);
      const bitmap = await decodeImage(encoded.bytes, encoded.mimeType);
      if (this.users === 0) {
        bitmap.close();
        return;
      }
      this.#bitmap = bitmap;
      this.#copySource.source = bitmap;
      this.#onLoad();
    } catch (cause) {
      failed(cause instanceof LayerWError ? cause : new LayerWError('LOAD_FAILED', `${url}: ${String(cause)}`, { cause }));
    }
  }

  /** The picture's size now; 0 while it has none (a video before its first frame, an image not loaded). */
  #size(): [number, number] {
    const s = this.#bitmap ?? this.source;
    if (s instanceof HTMLVideoElement) return s.readyState >= 2 ? [s.videoWidth, s.videoHeight] : [0, 0];
    if (s instanceof HTMLImageElement) return s.complete ? [s.naturalWidth, s.naturalHeight] : [0, 0];
    if (typeof s === 'string') return [0, 0];
    return [s.width, s.height];
  }

  #makeTexture(device: GPUDevice, width: number, height: number): void {
    this.texture?.destroy();
    // Pictures that change every frame keep one level: remaking a mip chain per video frame costs more than it shows.
    const texture = device.createTexture({
      label: `LayerW.liveTexture(${this.#dynamic ? 'dynamic' : 'static'})`,
      size: [width, height],
      format: 'rgba8unorm',
      viewFormats: ['rgba8unorm-srgb'],
      mipLevelCount: this.#dynamic ? 1 : mipLevelCount(width, height),
      usage: GPUTextureUsage.TEXTURE_BINDING | GPUTextureUsage.COPY_DST | GPUTextureUsage.RENDER_ATTACHMENT,
    });
    this.texture = texture;
    this.#copyDestination.texture = texture;
    this.srgbView = texture.createView({ format: 'rgba8unorm-srgb' });
    this.linearView = texture.createView({ format: 'rgba8unorm' });
  }
}
