// Runs parseColor where there is no DOM (a worker has no document or CSS), as during server-side rendering.
// Answers each posted colour text with [ok, reason or linear RGBA].
import { parseColor } from '../../src/parse/color.js';

addEventListener('message', (event: MessageEvent<string>) => {
  const out = [0, 0, 0, 0];
  const result = parseColor(event.data, out);
  postMessage(result.ok ? [true, out] : [false, result.reason]);
});
