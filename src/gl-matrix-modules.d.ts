// Types for gl-matrix's per-type entry points (gl-matrix/mat4, …), which the package ships without
// declarations. Importing from them instead of 'gl-matrix' lets the bundler keep only the functions used.
declare module 'gl-matrix/mat3' {
  import { mat3 } from 'gl-matrix';
  export = mat3;
}
declare module 'gl-matrix/mat4' {
  import { mat4 } from 'gl-matrix';
  export = mat4;
}
declare module 'gl-matrix/vec3' {
  import { vec3 } from 'gl-matrix';
  export = vec3;
}
declare module 'gl-matrix/quat' {
  import { quat } from 'gl-matrix';
  export = quat;
}
