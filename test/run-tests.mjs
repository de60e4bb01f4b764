#!/usr/bin/env node
// Single test entry used by `npm test` (after the wasm build and typecheck).
// Runs the Node-side tests (test/node/*.test.mjs, with node:test: the Vite plugin, the CLI), then
// @web/test-runner with web-test-runner.config.mjs, and ends with a line standing alone:
//   tests: N passed, N failed
// computed from both runners' own results. Extra CLI args are passed to the browser runner,
// e.g. `npm test -- --files test/gpu/webgpu-adapter.test.ts`; `--files` naming .mjs files runs those Node tests only.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { run as runNodeTests } from 'node:test';
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

/**
 * Splits the arguments: files after `--files` that end in `.mjs` are Node tests, the rest goes to the browser
 * runner. With no `--files`, every Node test runs and so does every browser test.
 */
export function splitArguments(argv) {
  const browser = [];
  const node = [];
  let browserFiles = 0;
  let inFiles = false;
  for (const arg of argv) {
    if (arg.startsWith('--')) inFiles = arg === '--files';
    if (inFiles && !arg.startsWith('--')) {
      if (arg.endsWith('.mjs')) {
        node.push(arg);
        continue;
      }
      browserFiles++;
    }
    browser.push(arg);
  }
  const filesGiven = argv.includes('--files');
  if (!filesGiven) {
    const folder = path.join(rootDir, 'test', 'node');
    for (const name of readdirSync(folder).sort()) if (name.endsWith('.test.mjs')) node.push(path.join('test', 'node', name));
  }
  return { browser: !filesGiven || browserFiles > 0 ? browser : null, node };
}

/**
 * Runs Node test files with node:test, printing each result; counts the tests (not their suites). A file that
 * cannot load counts as a failure.
 */
async function nodeTests(files) {
  const counts = { passed: 0, failed: 0, failures: [] };
  if (files.length === 0) return counts;
  for await (const event of runNodeTests({ files: files.map((file) => path.resolve(rootDir, file)), concurrency: 1 })) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { name, details, file } = event.data;
    if (details?.type === 'suite') continue;
    const where = file ? path.relative(rootDir, file) : 'node';
    if (event.type === 'test:pass') {
      counts.passed++;
      console.log(`  ✓ ${where}: ${name}`);
    } else {
      counts.failed++;
      const cause = details?.error?.cause ?? details?.error;
      console.log(`  ✗ ${where}: ${name}\n      ${String(cause?.stack ?? cause?.message ?? cause).split('\n').slice(0, 8).join('\n      ')}`);
      counts.failures.push(`${where}: ${name}`);
    }
  }
  return counts;
}

function printSummary({ passed, failed }) {
  // Must stay the last line this script prints; CI and .ci/run read it.
  process.stdout.write(`\ntests: ${passed} passed, ${failed} failed\n`);
}

async function main() {
  const chrome = findChrome();
  if (!chrome) {
    console.error(NO_CHROME_MESSAGE);
    process.exit(1);
  }
  process.chdir(rootDir);

  const args = splitArguments(process.argv.slice(2));
  const fromNode = await nodeTests(args.node);
  if (!args.browser) {
    finish({ passed: fromNode.passed, failed: fromNode.failed, skipped: 0, sessionCount: 0, failures: fromNode.failures });
    return;
  }

  const { startTestRunner } = await import('@web/test-runner');
  const runner = await startTestRunner({
    autoExitProcess: false,
    argv: args.browser,
  });

  if (!runner) {
    // Config/start error (already printed by the runner), e.g. no test files matched.
    // startTestRunner schedules process.exit(1) itself; print the summary before that happens.
    printSummary({ passed: fromNode.passed, failed: fromNode.failed + 1 });
    process.exitCode = 1;
    return;
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
  result.passed += fromNode.passed;
  result.failed += fromNode.failed;
  result.failures.unshift(...fromNode.failures);
  finish(result);
}

/** Prints the failures and the summary line, and exits with the run's status. */
function finish(result) {
  if (result.skipped > 0) console.log(`layerw: ${result.skipped} test(s) skipped`);
  if (result.failures.length > 0) {
    console.log('layerw: failures:');
    for (const line of result.failures) console.log(`  - ${line}`);
  }
  if (result.passed + result.failed === 0) {
    console.log(`layerw: zero tests ran (${result.sessionCount} test file session(s))`);
  }
  printSummary(result);
  const ok = result.failed === 0 && result.passed > 0;
  // Exit explicitly: the runner may leave handles (stdin in interactive terminals) open.
  process.exit(ok ? 0 : 1);
}

main().catch(error => {
  console.error(error);
  printSummary({ passed: 0, failed: 1 });
  process.exit(1);
});
