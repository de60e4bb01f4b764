#!/usr/bin/env node
// Single test entry used by `npm test` (after the build and typecheck).
// Runs the Node tests (test/node/*.test.mjs, with node:test), then @web/test-runner with
// web-test-runner.config.mjs, and ends with a line standing alone:
//   tests: N passed, N failed
// counting both. Extra CLI args are passed to the browser runner, e.g.
// `npm test -- --files test/gpu/webgpu-adapter.test.ts`; files under test/node/ given to --files run in Node,
// and with only such files the browser runner is not started.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { run } from 'node:test';
import { fileURLToPath } from 'node:url';
import { findChrome, NO_CHROME_MESSAGE } from './find-chrome.mjs';

// Logged by @web/browser-logs (logUncaughtErrors.js) for a rejected promise nobody awaited.
const UNHANDLED_REJECTION_LOG = 'An error was thrown in a Promise outside a test';

const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Counts individual test cases over all sessions (one session = one test file in one browser).
 * A session that failed without a failing test (load error, uncaught error, hook failure, timeout)
 * contributes its errors, and at least one failure, so it can never count as 0.
 * @param {Iterable<import('@web/test-runner-core').TestSession>} sessions
 */
export function countResults(sessions) {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  let sessionCount = 0;
  /** @type {string[]} */
  const failures = [];

  /** @param {import('@web/test-runner-core').TestSuiteResult | undefined} suite */
  function walk(suite, prefix, file, counts) {
    if (!suite) return;
    const suitePrefix = suite.name ? [...prefix, suite.name] : prefix;
    for (const test of suite.tests ?? []) {
      if (test.skipped) {
        counts.skipped++;
      } else if (test.passed) {
        counts.passed++;
      } else {
        counts.failed++;
        failures.push(`${file}: ${[...suitePrefix, test.name].join(' > ')}`);
      }
    }
    for (const child of suite.suites ?? []) walk(child, suitePrefix, file, counts);
  }

  for (const session of sessions) {
    sessionCount++;
    const file = path.relative(rootDir, session.testFile);
    const counts = { passed: 0, failed: 0, skipped: 0 };
    walk(session.testResults, [], file, counts);
    const errors = session.errors ?? [];
    let sessionFailed = counts.failed + errors.length;
    for (const error of errors) {
      failures.push(`${file}: error outside tests: ${String(error?.message ?? error).split('\n')[0]}`);
    }
    // @web/test-runner only logs promise rejections that happen outside tests; count them as failures.
    const logs = session.logs ?? [];
    logs.forEach((entry, i) => {
      if (typeof entry?.[0] === 'string' && entry[0].startsWith(UNHANDLED_REJECTION_LOG)) {
        sessionFailed++;
        const next = logs[i + 1]?.[0];
        const detail = typeof next === 'string' ? next.split('\n')[0] : 'unknown error';
        failures.push(`${file}: unhandled promise rejection outside tests: ${detail}`);
      }
    });
    if (session.passed !== true && sessionFailed === 0) {
      sessionFailed = 1;
      failures.push(`${file}: session did not pass (status ${session.status})`);
    }
    passed += counts.passed;
    skipped += counts.skipped;
    failed += sessionFailed;
  }
  return { passed, failed, skipped, sessionCount, failures };
}

const NODE_TEST_DIR = path.join(rootDir, 'test', 'node');

function isNodeTest(file) {
  const absolute = path.resolve(rootDir, file);
  return absolute.startsWith(NODE_TEST_DIR + path.sep) && absolute.endsWith('.test.mjs');
}

/**
 * Splits the command line into the Node test files it names and the arguments left for the browser runner.
 * Without `--files`, every Node test runs and the browser runner gets the arguments unchanged.
 */
export function splitArguments(argv) {
  const browserArgs = [];
  const nodeFiles = [];
  const browserFiles = [];
  let named = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg !== '--files' && !arg.startsWith('--files=')) {
      browserArgs.push(arg);
      continue;
    }
    named = true;
    const values = arg === '--files' ? [] : [arg.slice('--files='.length)];
    if (arg === '--files') while (i + 1 < argv.length && !argv[i + 1].startsWith('--')) values.push(argv[++i]);
    for (const file of values) (isNodeTest(file) ? nodeFiles : browserFiles).push(file);
  }
  if (!named) {
    const all = readdirSync(NODE_TEST_DIR).filter((name) => name.endsWith('.test.mjs')).sort();
    return { nodeFiles: all.map((name) => path.join(NODE_TEST_DIR, name)), browserArgs, runBrowser: true };
  }
  if (browserFiles.length > 0) browserArgs.push('--files', ...browserFiles);
  return { nodeFiles: nodeFiles.map((file) => path.resolve(rootDir, file)), browserArgs, runBrowser: browserFiles.length > 0 };
}

/** Runs the Node tests one file after another; prints each result and returns the counts. */
async function runNodeTests(files) {
  const result = { passed: 0, failed: 0, skipped: 0, failures: [] };
  if (files.length === 0) return result;
  console.log(`layerw: Node tests (${files.map((file) => path.relative(rootDir, file)).join(', ')})`);
  const stream = run({ files, concurrency: false });
  stream.on('test:pass', (data) => {
    if (data.details?.type === 'suite') return;
    if (data.skip || data.todo) {
      result.skipped++;
      return;
    }
    result.passed++;
    console.log(`  ok ${data.name}`);
  });
  stream.on('test:fail', (data) => {
    if (data.details?.type === 'suite') return;
    result.failed++;
    const file = data.file ? path.relative(rootDir, data.file) : 'test/node';
    const error = data.details?.error;
    const reason = String(error?.cause?.message ?? error?.message ?? error).split('\n').slice(0, 12).join('\n    ');
    result.failures.push(`${file}: ${data.name}`);
    console.log(`  FAILED ${data.name}\n    ${reason}`);
  });
  stream.on('test:diagnostic', () => {});
  // The stream must be read for the run to progress.
  for await (const _ of stream) {
    // Results are taken from the events above.
  }
  return result;
}

function printSummary({ passed, failed }) {
  // Must stay the last line this script prints; CI and .ci/run read it.
  process.stdout.write(`\ntests: ${passed} passed, ${failed} failed\n`);
}

async function main() {
  process.chdir(rootDir);
  const { nodeFiles, browserArgs, runBrowser } = splitArguments(process.argv.slice(2));
  const node = await runNodeTests(nodeFiles);
  const total = { passed: node.passed, failed: node.failed, skipped: node.skipped, failures: [...node.failures] };

  if (runBrowser) {
    const browser = await runBrowserTests(browserArgs);
    total.passed += browser.passed;
    total.failed += browser.failed;
    total.skipped += browser.skipped;
    total.failures.push(...browser.failures);
  }
  if (total.skipped > 0) console.log(`layerw: ${total.skipped} test(s) skipped`);
  if (total.failures.length > 0) {
    console.log('layerw: failures:');
    for (const line of total.failures) console.log(`  - ${line}`);
  }
  if (total.passed + total.failed === 0) console.log('layerw: zero tests ran');
  printSummary(total);
  const ok = total.failed === 0 && total.passed > 0;
  // Exit explicitly: the runner may leave handles (stdin in interactive terminals) open.
  process.exit(ok ? 0 : 1);
}

/** Runs the browser tests with @web/test-runner and counts their results. */
async function runBrowserTests(argv) {
  const chrome = findChrome();
  if (!chrome) {
    console.error(NO_CHROME_MESSAGE);
    return { passed: 0, failed: 1, skipped: 0, failures: ['no Chromium to run the browser tests'] };
  }
  const { startTestRunner } = await import('@web/test-runner');
  const runner = await startTestRunner({ autoExitProcess: false, argv });
  if (!runner) {
    // Config/start error (already printed by the runner), e.g. no test files matched.
    return { passed: 0, failed: 1, skipped: 0, failures: ['the browser test runner did not start'] };
  }

  const stopped = new Promise(resolve => {
    if (runner.stopped) resolve(undefined);
    else runner.on('stopped', () => resolve(undefined));
  });
  process.once('SIGINT', () => {
    runner.stop();
  });
  await stopped;

  const result = countResults(runner.sessions.all());
  if (!runner.passed && result.failed === 0) {
    // The runner judged the run failed (e.g. interrupted) although no test case failed: never report 0.
    result.failed = 1;
    result.failures.push('test runner reported a failed run');
  }
  if (result.passed + result.failed === 0) {
    console.log(`layerw: zero browser tests ran (${result.sessionCount} test file session(s))`);
  }
  return result;
}

main().catch(error => {
  console.error(error);
  printSummary({ passed: 0, failed: 1 });
  process.exit(1);
});
