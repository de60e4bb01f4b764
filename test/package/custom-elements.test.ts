import { assert, assertDeepEqual } from '../assert.js';

// dist/custom-elements.json against the built package running in this page (`npm test` builds both first): every
// element, attribute, property and event the manifest names exists, and nothing the elements have or dispatch is
// missing from it. This page loads only dist/layerw.js, so the elements are the package's.

interface ManifestElement {
  name: string;
  tagName: string;
  attributes: { name: string; fieldName?: string }[];
  members: { kind: string; name: string }[];
  events: { name: string }[];
}

const BUNDLE = '/dist/layerw.js';
/**
 * Events this page does not make happen: a glTF animation's clock (it needs an animated model), the scene's
 * `budget` (it needs textures larger than the memory budget; test/components/model-streaming.test.ts has it) and
 * its `qualitychange` (it needs `quality="auto"` under a load it cannot hold; test/engine/quality.test.ts has it).
 */
const NOT_EXERCISED = [
  'layerw-mesh play', 'layerw-mesh pause', 'layerw-mesh loop', 'layerw-mesh finished', 'layerw-scene budget', 'layerw-scene qualitychange',
];
const MODEL = '/test/fixtures/assets/two-triangles.glb';

/** Every event a layerw-* element dispatches while the page runs, by tag. */
const dispatched = new Map<string, Set<string>>();
const dispatch = EventTarget.prototype.dispatchEvent;
EventTarget.prototype.dispatchEvent = function record(this: EventTarget, event: Event): boolean {
  // LayerW's own events are CustomEvents; pointer events on meshes and scenes are the DOM's own types.
  if (this instanceof Element && this.localName.startsWith('layerw-') && event instanceof CustomEvent) {
    const seen = dispatched.get(this.localName) ?? new Set<string>();
    seen.add(event.type);
    dispatched.set(this.localName, seen);
  }
  return dispatch.call(this, event);
};

async function manifestElements(): Promise<ManifestElement[]> {
  const response = await fetch('/dist/custom-elements.json');
  assert(response.ok, 'dist/custom-elements.json is built');
  const manifest = (await response.json()) as { modules: { declarations: ManifestElement[] }[] };
  return manifest.modules.flatMap((module) => module.declarations).filter((declaration) => declaration.tagName);
}

/** Accessor names on the element's prototypes, from its class down to (not including) HTMLElement. */
function accessorNames(element: CustomElementConstructor): string[] {
  const names = new Set<string>();
  for (let proto = element.prototype; proto && proto !== HTMLElement.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const [name, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(proto))) {
      if (descriptor.get || descriptor.set) names.add(name);
    }
  }
  return [...names].sort();
}

function until(target: EventTarget, type: string, timeoutMs = 30000): Promise<Event> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${type} event in ${timeoutMs} ms`)), timeoutMs);
    target.addEventListener(type, (event) => {
      clearTimeout(timer);
      resolve(event);
    }, { once: true });
  });
}

describe('custom-elements.json', () => {
  let elements: ManifestElement[] = [];
  let bundle: Record<string, unknown> = {};

  before(async () => {
    elements = await manifestElements();
    const url = BUNDLE;
    bundle = (await import(url)) as Record<string, unknown>;
  });

  it('names every element class the package exports, with the tag it is defined under', () => {
    const exported = Object.entries(bundle)
      .filter(([, value]) => typeof value === 'function' && (value as { prototype?: unknown }).prototype instanceof HTMLElement)
      .map(([name]) => name)
      .sort();
    assertDeepEqual(elements.map((element) => element.name).sort(), exported);
    for (const element of elements) {
      assert(customElements.get(element.tagName) === bundle[element.name], `${element.tagName} is ${element.name}`);
    }
  });

  it('lists exactly the attributes each element observes, each with the property it sets', () => {
    for (const element of elements) {
      const definition = customElements.get(element.tagName) as CustomElementConstructor & { observedAttributes: string[] };
      assertDeepEqual(element.attributes.map((attribute) => attribute.name).sort(), [...definition.observedAttributes].sort(), element.tagName);
      const properties = accessorNames(definition);
      for (const attribute of element.attributes) {
        assert(attribute.fieldName !== undefined && properties.includes(attribute.fieldName), `${element.tagName}[${attribute.name}] sets .${attribute.fieldName}`);
      }
    }
  });

  it('lists exactly the properties each element has', () => {
    for (const element of elements) {
      const fields = element.members.filter((member) => member.kind === 'field').map((member) => member.name).sort();
      assertDeepEqual(fields, accessorNames(customElements.get(element.tagName)!), element.tagName);
    }
  });

  it('lists exactly the events each element dispatches in a scene that loads a model, tweens, orbits and refuses values', async () => {
    const holder = document.createElement('div');
    holder.style.cssText = 'position: fixed; left: 0; top: 0; width: 64px; height: 64px;';
    holder.innerHTML = `<layerw-scene controls="orbit" quality="low" style="width: 64px; height: 64px">
      <layerw-light type="directional"></layerw-light>
      <layerw-group><layerw-mesh geometry="box">
        <layerw-animate attribute="position" to="0 1 0" duration="200ms"></layerw-animate>
        <layerw-label position="0 1 0">box</layerw-label>
      </layerw-mesh></layerw-group>
      <layerw-camera position="0 1 4"></layerw-camera>
    </layerw-scene>`;
    const scene = holder.querySelector('layerw-scene')! as HTMLElement & { canvas: HTMLCanvasElement };
    const ready = until(scene, 'ready');
    const finished = until(holder.querySelector('layerw-animate')!, 'finished');
    document.body.append(holder);
    try {
      await ready;
      await finished;
      const model = document.createElement('layerw-mesh');
      const loaded = until(model, 'load');
      model.setAttribute('src', MODEL);
      scene.append(model);
      await loaded;
      const at = { clientX: 30, clientY: 30, pointerId: 1, bubbles: true };
      scene.canvas.dispatchEvent(new PointerEvent('pointerdown', at));
      scene.canvas.dispatchEvent(new PointerEvent('pointermove', { ...at, clientX: 60 }));
      scene.canvas.dispatchEvent(new PointerEvent('pointerup', { ...at, clientX: 60 }));
      scene.setAttribute('quality', 'sublime');
      holder.querySelector('layerw-light')!.setAttribute('type', 'laser');
      holder.querySelector('layerw-group')!.setAttribute('scale', '1 2');
      holder.querySelector('layerw-mesh')!.setAttribute('geometry', 'teapot');
      holder.querySelector('layerw-camera')!.setAttribute('fov', 'wide');
      holder.querySelector('layerw-animate')!.setAttribute('duration', 'forever');
      holder.querySelector('layerw-label')!.setAttribute('position', '1 2');
      await new Promise((resolve) => setTimeout(resolve, 300));
      for (const element of elements) {
        const listed = element.events.map((event) => event.name);
        const seen = [...(dispatched.get(element.tagName) ?? [])];
        assertDeepEqual(seen.filter((name) => !listed.includes(name)), [], `${element.tagName} dispatched events the manifest lacks`);
        const unseen = listed.filter((name) => !seen.includes(name) && !NOT_EXERCISED.includes(`${element.tagName} ${name}`));
        assertDeepEqual(unseen, [], `${element.tagName}: events of the manifest never dispatched`);
      }
    } finally {
      holder.remove();
    }
  });
});
