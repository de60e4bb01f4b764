// Minimal declarations of the mocha BDD globals that @web/test-runner provides in the browser
// (@types/mocha is not installed).
type MochaDone = (error?: unknown) => void;
type MochaFunc = (this: MochaContext, done: MochaDone) => void | Promise<unknown>;
type MochaAsyncFunc = (this: MochaContext) => void | Promise<unknown>;

interface MochaContext {
  timeout(ms: number): void;
  slow(ms: number): void;
  skip(): never;
  retries(n: number): void;
}

interface MochaSuiteContext {
  timeout(ms: number): void;
  slow(ms: number): void;
  retries(n: number): void;
}

interface MochaSuiteFunction {
  (title: string, fn: (this: MochaSuiteContext) => void): void;
  only(title: string, fn: (this: MochaSuiteContext) => void): void;
  skip(title: string, fn: (this: MochaSuiteContext) => void): void;
}

interface MochaTestFunction {
  (title: string, fn?: MochaFunc | MochaAsyncFunc): void;
  only(title: string, fn?: MochaFunc | MochaAsyncFunc): void;
  skip(title: string, fn?: MochaFunc | MochaAsyncFunc): void;
}

interface MochaHookFunction {
  (fn: MochaFunc | MochaAsyncFunc): void;
  (title: string, fn: MochaFunc | MochaAsyncFunc): void;
}

declare const describe: MochaSuiteFunction;
declare const it: MochaTestFunction;
declare const before: MochaHookFunction;
declare const after: MochaHookFunction;
declare const beforeEach: MochaHookFunction;
declare const afterEach: MochaHookFunction;
