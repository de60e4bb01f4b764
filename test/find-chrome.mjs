// Locates a Chromium/Chrome binary for the test runner and the benchmark runner.
// Order: $CHROME_PATH (if set it is authoritative: a missing file means "not found"),
// then the usual Debian/Ubuntu/Google locations.
import { accessSync, constants, statSync } from 'node:fs';

export const CHROME_CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
];

export const NO_CHROME_MESSAGE =
  'layerw: no Chromium or Chrome found; install one (Debian: apt-get install chromium) or set CHROME_PATH';

function isExecutableFile(path) {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Returns the absolute path of a usable Chromium/Chrome executable, or null.
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {string | null}
 */
export function findChrome(env = process.env) {
  const fromEnv = env.CHROME_PATH;
  if (fromEnv !== undefined && fromEnv !== '') {
    return isExecutableFile(fromEnv) ? fromEnv : null;
  }
  for (const candidate of CHROME_CANDIDATES) {
    if (isExecutableFile(candidate)) return candidate;
  }
  return null;
}

/** Chromium flags that give a working WebGPU canvas in headless mode (see ENVIRONMENT.md). */
export const CHROME_WEBGPU_ARGS = [
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
  '--use-vulkan=swiftshader',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];
