// The layerw-* tags in React 19 JSX, Vue 3 templates and Svelte 5 markup, from the types in framework-types.ts.
// Type-only: React, Vue and Svelte are not dependencies. Each block augments a framework's own types when that
// framework's types are installed; a declaration file's augmentation of a module that is absent is ignored, so
// a project without (say) Vue compiles as before. A .d.ts (not .ts) because a .ts file may not augment a module
// it does not import; src/index.ts references it and the build (vite.config.ts) puts it beside the declarations.

import type { LayerWAnimate, LayerWCamera, LayerWGroup, LayerWLabel, LayerWLight, LayerWMesh, LayerWScene } from '../components/index.js';
import type { LayerWReactProps, LayerWSvelteProps, LayerWVueProps } from './framework-types.js';

declare module 'react' {
  // The tags in React 19 JSX: React's HTML attributes, LayerW's attributes and properties, `on<event>` props.
  namespace JSX {
    interface IntrinsicElements {
      'layerw-scene': LayerWReactProps<IntrinsicElements, LayerWScene, 'layerw-scene'>;
      'layerw-group': LayerWReactProps<IntrinsicElements, LayerWGroup, 'layerw-group'>;
      'layerw-mesh': LayerWReactProps<IntrinsicElements, LayerWMesh, 'layerw-mesh'>;
      'layerw-light': LayerWReactProps<IntrinsicElements, LayerWLight, 'layerw-light'>;
      'layerw-camera': LayerWReactProps<IntrinsicElements, LayerWCamera, 'layerw-camera'>;
      'layerw-animate': LayerWReactProps<IntrinsicElements, LayerWAnimate, 'layerw-animate'>;
      'layerw-label': LayerWReactProps<IntrinsicElements, LayerWLabel, 'layerw-label'>;
    }
  }
}

/**
 * What every tag takes in a Vue template besides its own props: the attributes Vue handles itself. Spelt out
 * here because Vue's `HTMLAttributes` is not in scope inside `declare module 'vue'` (it is re-exported there),
 * and importing it would make these types fail to compile where Vue is absent.
 */
interface LayerWVueBaseProps {
  class?: unknown;
  style?: unknown;
  id?: string;
  slot?: string;
  hidden?: boolean;
  key?: PropertyKey;
  ref?: unknown;
}

declare module 'vue' {
  // The tags in Vue templates (checked by vue-tsc): `$props` is what a template may pass.
  interface GlobalComponents {
    'layerw-scene': new () => LayerWScene & { $props: LayerWVueBaseProps & LayerWVueProps<'layerw-scene'> };
    'layerw-group': new () => LayerWGroup & { $props: LayerWVueBaseProps & LayerWVueProps<'layerw-group'> };
    'layerw-mesh': new () => LayerWMesh & { $props: LayerWVueBaseProps & LayerWVueProps<'layerw-mesh'> };
    'layerw-light': new () => LayerWLight & { $props: LayerWVueBaseProps & LayerWVueProps<'layerw-light'> };
    'layerw-camera': new () => LayerWCamera & { $props: LayerWVueBaseProps & LayerWVueProps<'layerw-camera'> };
    'layerw-animate': new () => LayerWAnimate & { $props: LayerWVueBaseProps & LayerWVueProps<'layerw-animate'> };
    'layerw-label': new () => LayerWLabel & { $props: LayerWVueBaseProps & LayerWVueProps<'layerw-label'> };
  }
}

declare module 'svelte/elements' {
  // The tags in Svelte 5 markup: Svelte's HTML attributes, LayerW's attributes and properties, `on<event>`.
  interface SvelteHTMLElements {
    'layerw-scene': LayerWSvelteProps<SvelteHTMLElements, 'layerw-scene'>;
    'layerw-group': LayerWSvelteProps<SvelteHTMLElements, 'layerw-group'>;
    'layerw-mesh': LayerWSvelteProps<SvelteHTMLElements, 'layerw-mesh'>;
    'layerw-light': LayerWSvelteProps<SvelteHTMLElements, 'layerw-light'>;
    'layerw-camera': LayerWSvelteProps<SvelteHTMLElements, 'layerw-camera'>;
    'layerw-animate': LayerWSvelteProps<SvelteHTMLElements, 'layerw-animate'>;
    'layerw-label': LayerWSvelteProps<SvelteHTMLElements, 'layerw-label'>;
  }
}
