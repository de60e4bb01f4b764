// Runs in the pages under /test/csp/ (no inline script is allowed there) and in test/package/two-copies.html,
// before LayerW loads: waits for the scene's first frame or its first error, then posts what happened to the
// parent page.
const violations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  violations.push(`${event.violatedDirective}: ${event.blockedURI || 'inline'}`);
});

/** The RGBA at the centre of the scene's canvas, read right after drawing a frame (as test/helpers/scene.ts). */
function centrePixel() {
  const scene = document.querySelector('layerw-scene');
  const runtime = scene.runtime;
  runtime.requestDraw();
  runtime.tick(performance.now());
  const source = scene.shadowRoot.querySelector('canvas');
  const copy = document.createElement('canvas');
  copy.width = source.width;
  copy.height = source.height;
  const context = copy.getContext('2d', { willReadFrequently: true });
  context.drawImage(source, 0, 0);
  return Array.from(context.getImageData(source.width >> 1, source.height >> 1, 1, 1).data);
}

function report(result) {
  const scene = document.querySelector('layerw-scene');
  const fallback = scene.shadowRoot?.querySelector('.fallback');
  parent.postMessage({
    page: location.pathname,
    ...result,
    violations,
    fallbackShown: fallback ? !fallback.hidden : false,
    defined: customElements.get('layerw-scene') !== undefined,
    crossOriginIsolated: self.crossOriginIsolated,
    resources: performance.getEntriesByType('resource').map((entry) => entry.name),
    ...window.layerwExtra,
  }, '*');
}

// Both events bubble to the document, so listening works before the elements are defined. A page whose body
// says data-wait-for="load" waits for its model's load event instead of the scene's first frame.
const waitFor = document.body?.dataset.waitFor ?? 'ready';
document.addEventListener(waitFor, () => {
  // Let a violation report, if any, arrive before answering.
  setTimeout(() => report({ event: waitFor, pixel: centrePixel() }), 100);
}, { once: true });
document.addEventListener('layerw-error', (event) => {
  setTimeout(() => report({ event: 'layerw-error', code: event.detail.code, message: event.detail.message }), 100);
}, { once: true });
