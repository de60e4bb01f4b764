// Test runner commands for what @web/test-runner-commands does not drive: real multi-touch (Chromium's
// Input.dispatchTouchEvent, the same path a touch screen takes), the mouse wheel (Playwright's mouse), the device
// pixel ratio (Emulation), and the sampling heap profiler (which code allocated while frames ran), through the page's DevTools protocol session;
// and failing or holding back requests for chosen URLs (Playwright routing), so tests can make a decoder unreachable
// or hold a lazy chunk back while they act before it arrives.
// Tests call them with `executeServerCommand('layerw-touch', ...)`. Wired into web-test-runner.config.mjs.

/** @returns {import('@web/test-runner-core').TestRunnerPlugin} */
export function inputPlugin() {
  /** One DevTools session per page, made on first use. */
  const sessions = new WeakMap();
  /** Requests held back, by page and URL pattern. */
  const held = new WeakMap();

  async function cdp(session) {
    if (session.browser.type !== 'playwright') throw new Error('layerw input commands need the Playwright launcher');
    const page = session.browser.getPage(session.id);
    let client = sessions.get(page);
    if (!client) {
      client = await page.context().newCDPSession(page);
      sessions.set(page, client);
    }
    return client;
  }

  return {
    name: 'layerw-input',
    async executeCommand({ command, payload, session }) {
      if (command === 'layerw-touch') {
        // payload: { type: 'touchStart' | 'touchMove' | 'touchEnd', points: [{ x, y, id }] }
        const client = await cdp(session);
        await client.send('Input.dispatchTouchEvent', {
          type: payload.type,
          touchPoints: payload.points.map((point) => ({ x: point.x, y: point.y, id: point.id })),
        });
        return true;
      }
      if (command === 'layerw-wheel') {
        // payload: { x, y, deltaY }: the mouse moves to (x, y) and turns its wheel (Playwright's mouse, real input).
        const page = session.browser.getPage(session.id);
        await page.mouse.move(payload.x, payload.y);
        await page.mouse.wheel(0, payload.deltaY);
        return true;
      }
      if (command === 'layerw-pixel-ratio') {
        // payload: { ratio } (a device pixel ratio to emulate) or { ratio: null } to stop emulating; the viewport
        // keeps its size.
        const client = await cdp(session);
        const page = session.browser.getPage(session.id);
        const size = page.viewportSize() ?? { width: 800, height: 600 };
        if (payload.ratio === null) await client.send('Emulation.clearDeviceMetricsOverride');
        else await client.send('Emulation.setDeviceMetricsOverride', { ...size, screenWidth: size.width, screenHeight: size.height, deviceScaleFactor: payload.ratio, mobile: false });
        return true;
      }
      if (command === 'layerw-heap-start') {
        // payload: { samplingInterval } in bytes. Garbage is collected first; collected objects are counted too.
        const client = await cdp(session);
        await client.send('HeapProfiler.enable');
        await client.send('HeapProfiler.collectGarbage');
        await client.send('HeapProfiler.startSampling', {
          samplingInterval: payload.samplingInterval, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true,
        });
        return true;
      }
      if (command === 'layerw-heap-stop') {
        // Returns [{ url, functionName, line, bytes, sizes }]: the sampled allocations by allocating function (a
        // built-in's, which has no url, charged to its nearest caller that has one), with how many samples
        // there were of each object size (`sizes`: { [bytes]: count }), so a test can tell boxed numbers from
        // objects.
        const client = await cdp(session);
        const { profile } = await client.send('HeapProfiler.stopSampling');
        await client.send('HeapProfiler.disable');
        const siteOfNode = new Map();
        const walk = (node, site) => {
          const frame = node.callFrame;
          const here = frame.url ? { url: frame.url, functionName: frame.functionName, line: frame.lineNumber + 1 } : site;
          siteOfNode.set(node.id, here);
          for (const child of node.children) walk(child, here);
        };
        walk(profile.head, null);
        const sites = new Map();
        for (const sample of profile.samples) {
          const here = siteOfNode.get(sample.nodeId);
          if (!here) continue;
          const key = `${here.url}:${here.line}:${here.functionName}`;
          const entry = sites.get(key) ?? { ...here, bytes: 0, sizes: {} };
          entry.bytes += sample.size;
          entry.sizes[sample.size] = (entry.sizes[sample.size] ?? 0) + 1;
          sites.set(key, entry);
        }
        return [...sites.values()].sort((x, y) => y.bytes - x.bytes);
      }
      if (command === 'layerw-block-url') {
        // payload: { pattern } (a Playwright URL glob). Requests for matching URLs from the page and its workers
        // fail from now on, as when a file is missing from a server.
        if (session.browser.type !== 'playwright') throw new Error('layerw-block-url needs the Playwright launcher');
        const page = session.browser.getPage(session.id);
        await page.context().route(payload.pattern, (route) => route.abort('failed'));
        return true;
      }
      if (command === 'layerw-unblock-url') {
        // payload: { pattern }, as given to layerw-block-url: those URLs load again.
        if (session.browser.type !== 'playwright') throw new Error('layerw-unblock-url needs the Playwright launcher');
        await session.browser.getPage(session.id).context().unroute(payload.pattern);
        return true;
      }
      if (command === 'layerw-hold-url' || command === 'layerw-held-url' || command === 'layerw-release-url') {
        // payload: { pattern } (a Playwright URL glob). `hold`: the page's requests for matching URLs wait from now
        // on; `held`: how many are waiting; `release`: they go ahead (and later ones are no longer held), and the
        // count is returned.
        if (session.browser.type !== 'playwright') throw new Error(`${command} needs the Playwright launcher`);
        const page = session.browser.getPage(session.id);
        if (!held.has(page)) held.set(page, new Map());
        const byPattern = held.get(page);
        if (command === 'layerw-hold-url') {
          const routes = [];
          byPattern.set(payload.pattern, routes);
          await page.route(payload.pattern, (route) => {
            if (byPattern.get(payload.pattern) === routes) routes.push(route);
            else void route.continue();
          });
          return true;
        }
        const routes = byPattern.get(payload.pattern) ?? [];
        if (command === 'layerw-held-url') return routes.length;
        byPattern.delete(payload.pattern);
        const count = routes.length;
        // Continued before unroute, which would hand the waiting requests on by itself.
        for (const route of routes.splice(0)) await route.continue();
        await page.unroute(payload.pattern);
        return count;
      }
      return undefined;
    },
  };
}
