// Test runner commands for input that @web/test-runner-commands does not drive: real multi-touch (Chromium's
// Input.dispatchTouchEvent, the same path a touch screen takes) and the device pixel ratio (Emulation), through
// the page's DevTools protocol session. Tests call them with `executeServerCommand('layerw-touch', ...)`.
// Wired into web-test-runner.config.mjs.

/** @returns {import('@web/test-runner-core').TestRunnerPlugin} */
export function inputPlugin() {
  /** One DevTools session per page, made on first use. */
  const sessions = new WeakMap();

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
      return undefined;
    },
  };
}
