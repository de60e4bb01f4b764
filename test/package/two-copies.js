// test/package/two-copies.html: loads two copies of LayerW from two URLs, records what the second one warned and
// which copy owns the elements, then reports like the CSP pages (test/csp/page.js).
import '/test/csp/page.js';

const warnings = [];
const warn = console.warn;
console.warn = (...args) => {
  warnings.push(args.join(' '));
  warn.apply(console, args);
};
const first = await import('/dist/layerw.js?copy=first');
const second = await import('/dist/layerw.js?copy=second');
console.warn = warn;
window.layerwExtra = {
  warnings,
  distinctCopies: first.LayerWScene !== second.LayerWScene,
  firstOwnsElements: Object.entries({
    'layerw-scene': first.LayerWScene,
    'layerw-group': first.LayerWGroup,
    'layerw-mesh': first.LayerWMesh,
    'layerw-light': first.LayerWLight,
    'layerw-camera': first.LayerWCamera,
    'layerw-animate': first.LayerWAnimate,
    'layerw-label': first.LayerWLabel,
  }).every(([name, element]) => customElements.get(name) === element),
};
document.body.append(document.querySelector('template#scene').content.cloneNode(true));
