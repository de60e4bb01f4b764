import { LayerWElement } from './layerw-element.js';
import { CameraValues } from './camera-values.js';

/** What a camera needs from its scene element. Implemented by `<layerw-scene>`. */
export interface CameraHost {
  attachCamera(camera: LayerWCamera): void;
  detachCamera(camera: LayerWCamera): void;
  cameraChanged(camera: LayerWCamera): void;
}

function isCameraHost(element: Element): element is Element & CameraHost {
  return typeof (element as Partial<CameraHost>).attachCamera === 'function';
}

/**
 * `<layerw-camera>`: an explicit camera for its scene, overriding the scene's own camera attributes while it
 * is connected. With orbit controls, its `position` follows the orbit.
 */
export class LayerWCamera extends LayerWElement {
  static override attributeProperties: Readonly<Record<string, string>> = {
    position: 'position',
    target: 'target',
    fov: 'fov',
    near: 'near',
    far: 'far',
  };

  readonly values = new CameraValues();
  #host: (Element & CameraHost) | null = null;

  get position(): number[] {
    return Array.from(this.values.position);
  }

  set position(value: string | ArrayLike<number> | null | undefined) {
    if (this.values.setVector('position', 'position', value, this)) this.#host?.cameraChanged(this);
  }

  get target(): number[] {
    return Array.from(this.values.target);
  }

  set target(value: string | ArrayLike<number> | null | undefined) {
    if (this.values.setVector('target', 'target', value, this)) this.#host?.cameraChanged(this);
  }

  get fov(): number {
    return this.values.fov;
  }

  set fov(value: number | string | null | undefined) {
    if (this.values.setFov(value, this)) this.#host?.cameraChanged(this);
  }

  get near(): number {
    return this.values.near;
  }

  set near(value: number | string | null | undefined) {
    if (this.values.setNear(value, this)) this.#host?.cameraChanged(this);
  }

  get far(): number {
    return this.values.far;
  }

  set far(value: number | string | null | undefined) {
    if (this.values.setFar(value, this)) this.#host?.cameraChanged(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.withScene(isCameraHost, (scene) => {
      if (this.#host) return;
      this.#host = scene;
      scene.attachCamera(this);
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#host?.detachCamera(this);
    this.#host = null;
  }
}
