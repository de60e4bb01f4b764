// The environment chunk: loaded with import() the first time a scene needs an environment or a skybox, so
// pages pay for prefiltering code only when they use it (the default neutral environment does).

export { EnvironmentHolds } from './environment-holds.js';
