// Types for using the layerw-* elements from React 19, Vue 3 and Svelte 5: their attributes and properties, and
// their events as `on<name>` props. framework-elements.d.ts puts them into each framework's element types.

import type {
  LayerWAnimate, LayerWCamera, LayerWErrorDetail, LayerWFinishedDetail, LayerWGroup, LayerWLabel, LayerWLight, LayerWMesh, LayerWScene,
  LayerWStatsDetail,
} from '../components/index.js';
import type { QualitySetting } from './engine/quality.js';
import type { GeometryName, LightType } from './gpu/frame-input.js';

/** A vector: an attribute string (`"0 1.5 -2"`) or numbers. */
export type LayerWVectorValue = string | ArrayLike<number>;
/** A number, or its text as in an attribute. */
export type LayerWNumberValue = number | string;
/** A flag: a boolean, or attribute text (`"false"`, `"0"`, `"off"`, `"no"` are false). */
export type LayerWBooleanValue = boolean | string;

/** `<layerw-scene>`'s attributes (kebab-case) and the properties behind them (camelCase). */
export interface LayerWSceneAttributes {
  quality?: QualitySetting;
  'fps-target'?: LayerWNumberValue;
  fpsTarget?: LayerWNumberValue;
  'memory-budget'?: string;
  memoryBudget?: string;
  background?: string;
  'camera-position'?: LayerWVectorValue;
  cameraPosition?: LayerWVectorValue;
  'camera-target'?: LayerWVectorValue;
  cameraTarget?: LayerWVectorValue;
  fov?: LayerWNumberValue;
  near?: LayerWNumberValue;
  far?: LayerWNumberValue;
  'camera-fit'?: string;
  cameraFit?: string;
  controls?: 'none' | 'orbit' | 'fly';
  'auto-rotate'?: LayerWBooleanValue;
  autoRotate?: LayerWBooleanValue;
  'auto-rotate-speed'?: LayerWNumberValue;
  autoRotateSpeed?: LayerWNumberValue;
  'fly-speed'?: LayerWNumberValue;
  flySpeed?: LayerWNumberValue;
  render?: 'continuous' | 'on-demand';
  culling?: 'auto' | 'gpu' | 'cpu';
  workers?: 'auto' | LayerWNumberValue;
  'max-pixel-ratio'?: LayerWNumberValue;
  maxPixelRatio?: LayerWNumberValue;
  alt?: string;
  environment?: string;
  'environment-intensity'?: LayerWNumberValue;
  environmentIntensity?: LayerWNumberValue;
  'environment-rotation'?: LayerWNumberValue;
  environmentRotation?: LayerWNumberValue;
  skybox?: string;
  'skybox-blur'?: LayerWNumberValue;
  skyboxBlur?: LayerWNumberValue;
  exposure?: LayerWNumberValue;
  'tone-mapping'?: 'neutral' | 'aces' | 'agx' | 'none';
  toneMapping?: 'neutral' | 'aces' | 'agx' | 'none';
  'shadow-intensity'?: LayerWNumberValue;
  shadowIntensity?: LayerWNumberValue;
}

/** The transform attributes that `<layerw-group>` and `<layerw-mesh>` share. */
export interface LayerWNodeAttributes {
  position?: LayerWVectorValue;
  rotation?: LayerWVectorValue;
  scale?: LayerWVectorValue | number;
  visible?: LayerWBooleanValue;
}

/** `<layerw-group>`'s attributes and properties. */
export type LayerWGroupAttributes = LayerWNodeAttributes;

/** `<layerw-mesh>`'s attributes and properties. */
export interface LayerWMeshAttributes extends LayerWNodeAttributes {
  geometry?: GeometryName;
  src?: string;
  color?: string;
  metalness?: LayerWNumberValue;
  roughness?: LayerWNumberValue;
  emissive?: string;
  opacity?: LayerWNumberValue;
  'cast-shadow'?: LayerWBooleanValue;
  castShadow?: LayerWBooleanValue;
  'receive-shadow'?: LayerWBooleanValue;
  receiveShadow?: LayerWBooleanValue;
  velocity?: LayerWVectorValue;
  spin?: LayerWVectorValue;
  label?: string;
  crossorigin?: string;
  animation?: string | number;
  autoplay?: LayerWBooleanValue;
  loop?: 'repeat' | 'once' | 'pingpong';
  'animation-speed'?: LayerWNumberValue;
  animationSpeed?: LayerWNumberValue;
  crossfade?: LayerWNumberValue;
  currentTime?: number;
  morphWeights?: ArrayLike<number> | null;
  pickable?: LayerWBooleanValue;
  loading?: 'lazy' | 'eager';
  /** KHR_materials_variants: the variant shown, by name. */
  variant?: string | null;
  texture?: string | null;
  'normal-texture'?: string | null;
  normalTexture?: string | null;
  'roughness-texture'?: string | null;
  roughnessTexture?: string | null;
  'texture-repeat'?: LayerWVectorValue | number;
  textureRepeat?: LayerWVectorValue | number;
}

/** `<layerw-light>`'s attributes and properties. */
export interface LayerWLightAttributes {
  type?: LightType;
  color?: string;
  intensity?: LayerWNumberValue;
  position?: LayerWVectorValue;
  direction?: LayerWVectorValue;
  range?: LayerWNumberValue;
  angle?: LayerWNumberValue;
  'cast-shadow'?: LayerWBooleanValue;
  castShadow?: LayerWBooleanValue;
}

/** `<layerw-camera>`'s attributes and properties. */
export interface LayerWCameraAttributes {
  position?: LayerWVectorValue;
  target?: LayerWVectorValue;
  fov?: LayerWNumberValue;
  near?: LayerWNumberValue;
  far?: LayerWNumberValue;
}

/** `<layerw-animate>`'s attributes and properties. */
export interface LayerWAnimateAttributes {
  attribute?: string;
  from?: string;
  to?: string;
  values?: string;
  'key-times'?: string;
  keyTimes?: string;
  duration?: string;
  delay?: string;
  easing?: string;
  repeat?: LayerWNumberValue;
  direction?: 'normal' | 'reverse' | 'alternate' | 'alternate-reverse';
  fill?: 'none' | 'forwards' | 'backwards' | 'both';
  autoplay?: LayerWBooleanValue;
}

/** `<layerw-label>`'s attributes and properties. */
export interface LayerWLabelAttributes {
  /** The point it is anchored at, in its parent's space. */
  position?: LayerWVectorValue;
  /** Hide it while a mesh is between the camera and its point (default true). */
  occlude?: LayerWBooleanValue;
}

/** The `detail` of `camerachange` events. */
export interface LayerWCameraChangeDetail {
  readonly position: number[];
  readonly target: number[];
}

/**
 * The `detail` of `budget` events: the memory budget started (`degraded`) or stopped holding model textures
 * below the mip level the screen wants; GPU bytes of model textures and buffers, wanted and resident, against
 * the budget's share for them.
 */
export interface LayerWBudgetDetail {
  readonly degraded: boolean;
  readonly wanted: number;
  readonly resident: number;
  readonly allowance: number;
}

/**
 * The `detail` of `qualitychange` events: `quality="auto"` stepped to another rung to hold `fps-target`; the
 * level it stands for, the rung (0 = full quality), the render scale and the latest GPU time (NaN if unmeasured).
 */
export interface LayerWQualityDetail {
  readonly quality: string;
  readonly rung: number;
  readonly renderScale: number;
  readonly gpuTime: number;
}

/** The `detail` of `progress` events: bytes of the model downloaded so far, and in all (null while unknown). */
export interface LayerWProgressDetail {
  readonly src: string;
  readonly loaded: number;
  readonly total: number | null;
}

/** The `detail` of `load` events. */
export interface LayerWLoadDetail {
  /** The model drawn (for `src`). */
  readonly src?: string;
  /** The `texture` drawn on a built-in shape (null when only its normal or roughness map is set). */
  readonly texture?: string | null;
}

/** Events every LayerW element dispatches. */
export interface LayerWElementEventMap {
  /** Something went wrong: a refused attribute value, a failed load, a lost device; `detail.code` says what. */
  'layerw-error': CustomEvent<LayerWErrorDetail>;
}

/** The `detail` of `<layerw-mesh>`'s animation events: the clip's name ('' if unnamed) and index. */
export interface LayerWAnimationEventDetail {
  readonly animation: string;
  readonly index: number;
}

/** Events `<layerw-scene>` dispatches (besides those of its children, which bubble). */
export interface LayerWSceneEventMap extends LayerWElementEventMap {
  /** A first frame is drawn (again after a device loss). */
  ready: CustomEvent<null>;
  /** The scene's live figures, at most four times a second. */
  stats: CustomEvent<LayerWStatsDetail>;
  /** The camera controls (orbit, fly) moved the camera; written back at most four times a second while a frame step moves it. */
  camerachange: CustomEvent<LayerWCameraChangeDetail>;
  /** The memory budget started or stopped holding model textures below what the screen wants. */
  budget: CustomEvent<LayerWBudgetDetail>;
  /** `quality="auto"` changed its rung (render scale, multisampling, shadow map). */
  qualitychange: CustomEvent<LayerWQualityDetail>;
}

/** Events `<layerw-mesh>` dispatches. */
export interface LayerWMeshEventMap extends LayerWElementEventMap {
  /** The model of `src` is downloading. */
  progress: CustomEvent<LayerWProgressDetail>;
  /** The model of `src`, or the images on a built-in shape, are drawn. */
  load: CustomEvent<LayerWLoadDetail>;
  /** The glTF animation started playing. */
  play: CustomEvent<LayerWAnimationEventDetail>;
  /** The glTF animation stopped (`pause()`, or a `loop="once"` clip ended). */
  pause: CustomEvent<LayerWAnimationEventDetail>;
  /** The glTF animation wrapped (`repeat`) or turned (`pingpong`). */
  loop: CustomEvent<LayerWAnimationEventDetail>;
  /** A `loop="once"` clip reached its end. */
  finished: CustomEvent<LayerWAnimationEventDetail>;
}

/** Events `<layerw-animate>` dispatches. */
export interface LayerWAnimateEventMap extends LayerWElementEventMap {
  finished: CustomEvent<LayerWFinishedDetail>;
}

/**
 * Event handler props as React 19 and Svelte 5 spell them on custom elements: `on` + the event name as is
 * (`onready`, `onlayerw-error`).
 */
export type LayerWEventProps<Events> = {
  [Name in keyof Events & string as `on${Name}`]?: (event: Events[Name]) => void;
};

type CamelCase<Name extends string> = Name extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<CamelCase<Tail>>}` : Name;

/** Event handler props as Vue's `@name` listeners reach a component (`@layerw-error` is `onLayerwError`). */
export type LayerWVueEventProps<Events> = {
  [Name in keyof Events & string as `on${Capitalize<CamelCase<Name>>}`]?: (event: Events[Name]) => void;
};

/** Per tag: the element class, its attributes and properties, and its events. */
export interface LayerWElementTypes {
  'layerw-scene': { element: LayerWScene; attributes: LayerWSceneAttributes; events: LayerWSceneEventMap };
  'layerw-group': { element: LayerWGroup; attributes: LayerWGroupAttributes; events: LayerWElementEventMap };
  'layerw-mesh': { element: LayerWMesh; attributes: LayerWMeshAttributes; events: LayerWMeshEventMap };
  'layerw-light': { element: LayerWLight; attributes: LayerWLightAttributes; events: LayerWElementEventMap };
  'layerw-camera': { element: LayerWCamera; attributes: LayerWCameraAttributes; events: LayerWElementEventMap };
  'layerw-animate': { element: LayerWAnimate; attributes: LayerWAnimateAttributes; events: LayerWAnimateEventMap };
  'layerw-label': { element: LayerWLabel; attributes: LayerWLabelAttributes; events: LayerWElementEventMap };
}

/** What a tag takes in React 19 JSX and Svelte 5 markup, besides the framework's own HTML attributes. */
export type LayerWProps<Tag extends keyof LayerWElementTypes> = LayerWElementTypes[Tag]['attributes'] &
  LayerWEventProps<LayerWElementTypes[Tag]['events']>;

/** What a tag takes in a Vue template, besides Vue's own HTML attributes. */
export type LayerWVueProps<Tag extends keyof LayerWElementTypes> = LayerWElementTypes[Tag]['attributes'] &
  LayerWVueEventProps<LayerWElementTypes[Tag]['events']>;

/**
 * A tag's props in React 19 JSX. `Intrinsic` is React's own JSX.IntrinsicElements: the HTML attributes and
 * handlers come from its `div` entry, so these types name nothing from React and compile where React is absent.
 */
export type LayerWReactProps<Intrinsic, Element, Tag extends keyof LayerWElementTypes> =
  (Intrinsic extends { div: infer Div } ? Omit<Div, 'ref'> : unknown) & {
    ref?: { current: Element | null } | ((element: Element | null) => void | (() => void)) | null;
  } & LayerWProps<Tag>;

/** A tag's props in Svelte 5 markup; `Elements` is Svelte's SvelteHTMLElements, whose `div` gives the HTML ones. */
export type LayerWSvelteProps<Elements, Tag extends keyof LayerWElementTypes> =
  (Elements extends { div: infer Div } ? Div : unknown) & LayerWProps<Tag>;
