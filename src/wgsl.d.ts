// `import text from '../shaders/x.wgsl?raw'`: the shader source as a string (Vite's ?raw, and the test
// dev server's raw-import plugin).
declare module '*.wgsl?raw' {
  const source: string;
  export default source;
}
