// `import App from './App.svelte'` in tests: the test server compiles the file (test/frameworks-plugin.mjs).
declare module '*.svelte' {
  import type { Component } from 'svelte';
  const component: Component<Record<string, unknown>, Record<string, unknown>>;
  export default component;
}
