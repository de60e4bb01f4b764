// Runs in test/csp/sandbox.html: once the scene is ready, adds a QuickJS system that brings the box (out of view
// at y = 20) to the centre, and announces `sandbox-ran` on the document once the position column shows it.
const SOURCE = 'function run(columns, count) { for (let i = 0; i < count; i++) columns.position[i * 3 + 1] = 0; }';

document.addEventListener('ready', () => {
  const scene = document.querySelector('layerw-scene');
  scene.addSystem({ name: 'home', writes: ['position'], source: SOURCE, sandbox: 'quickjs' });
  const watch = () => {
    const walloc = scene.runtime.walloc;
    const y = walloc.columns.float.position.subarray(0, walloc.core.slotEnd() * 3).filter((_, i) => i % 3 === 1);
    if (y.every((value) => value === 0)) document.dispatchEvent(new Event('sandbox-ran'));
    else requestAnimationFrame(watch);
  };
  requestAnimationFrame(watch);
}, { once: true });
