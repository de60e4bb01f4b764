/** What a page under test/csp/ or test/package/ posts once its scene is drawn or has failed (see test/csp/page.js). */
export interface PageReport {
  page: string;
  event: 'ready' | 'load' | 'sandbox-ran' | 'layerw-error';
  code?: string;
  message?: string;
  pixel?: [number, number, number, number];
  violations: string[];
  fallbackShown: boolean;
  defined: boolean;
  crossOriginIsolated: boolean;
  /** URLs the page itself fetched (its workers' fetches are not listed). */
  resources: string[];
  warnings?: string[];
  distinctCopies?: boolean;
  firstOwnsElements?: boolean;
}

/**
 * Opens `url` (a page that loads dist/layerw.js; `npm test` builds it first) in an iframe and resolves with what
 * it posts. The frame is removed afterwards.
 */
export async function loadInFrame(url: string, timeoutMs = 30000): Promise<PageReport> {
  const frame = document.createElement('iframe');
  frame.style.cssText = 'width: 96px; height: 96px; border: 0;';
  try {
    return await new Promise<PageReport>((resolve, reject) => {
      const timer = setTimeout(() => {
        window.removeEventListener('message', onMessage);
        reject(new Error(`${url} posted nothing in ${timeoutMs} ms (is dist/layerw.js built? run npm run build)`));
      }, timeoutMs);
      function onMessage(event: MessageEvent): void {
        if (event.source !== frame.contentWindow) return;
        clearTimeout(timer);
        window.removeEventListener('message', onMessage);
        resolve(event.data as PageReport);
      }
      window.addEventListener('message', onMessage);
      frame.src = url;
      document.body.append(frame);
    });
  } finally {
    frame.remove();
  }
}
