// The main thread's long tasks while one model loads: what the tests that check where decoders run log beside
// their checks.
import { assertEqual } from '../assert.js';
import { collectErrors, mountScene } from './scene.js';
import { serve } from './models.js';

/** Long tasks over a model's load: their count, the longest, blocking time (each over 50 ms), and the load's time. */
export interface LoadLongTasks {
  count: number;
  longestMs: number;
  blockingMs: number;
  ms: number;
}

/** Long tasks of the main thread from now until `stop` is called. */
function watchLongTasks(): () => Omit<LoadLongTasks, 'ms'> {
  const entries: PerformanceEntry[] = [];
  const observer = new PerformanceObserver((list) => entries.push(...list.getEntries()));
  observer.observe({ type: 'longtask' });
  return () => {
    entries.push(...observer.takeRecords());
    observer.disconnect();
    return {
      count: entries.length,
      longestMs: entries.reduce((longest, entry) => Math.max(longest, entry.duration), 0),
      blockingMs: entries.reduce((sum, entry) => sum + Math.max(0, entry.duration - 50), 0),
    };
  };
}

/** Loads `glb` into a fresh mesh of a fresh scene, to its `load` event, watching the main thread's long tasks. */
export async function loadWatchingLongTasks(glb: Uint8Array): Promise<LoadLongTasks> {
  const scene = await mountScene(`<layerw-scene camera-position="1.6 1.4 2.2" environment="none">
    <layerw-light type="ambient" intensity="1"></layerw-light></layerw-scene>`, 256, 192);
  const mesh = document.createElement('layerw-mesh');
  const errors = collectErrors(mesh);
  const drawn = new Promise((resolve) => mesh.addEventListener('load', resolve, { once: true }));
  const stop = watchLongTasks();
  const started = performance.now();
  mesh.setAttribute('src', serve(glb));
  scene.append(mesh);
  await drawn;
  const ms = performance.now() - started;
  assertEqual(errors.length, 0, errors.map((e) => e.message).join(' | '));
  return { ...stop(), ms };
}
