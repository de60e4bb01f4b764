// The colour pass's vertex inputs and outputs. A line ending in `//? name` is kept only where the mesh pass keeps
// that value, `//? !name` only where it does not (src/gpu/shader-source.ts and mesh-variants.ts say why).

/** Vertex buffer 0, as the mesh pass lays it out (position and normal always). */
struct VertexIn {
  @location(0) position: vec3f,
  @location(1) normal: vec3f,
  @location(2) uv: vec2f,  //? uv
  @location(3) uv1: vec2f,  //? uv1
  @location(4) color: vec4f,  //? color
  @builtin(instance_index) instance: u32,
}

struct VertexOut {
  @builtin(position) clip: vec4f,
  @location(0) worldPosition: vec3f,
  @location(1) normal: vec3f,
  @location(2) @interpolate(flat) instance: u32,
  @location(3) uv: vec2f,  //? uv
  @location(4) uv1: vec2f,  //? uv1
  @location(5) color: vec4f,  //? color
}

/** Copies the kept optional values of `vertex` to `out`. */
fn passVaryings(vertex: VertexIn, out: ptr<function, VertexOut>) {
  (*out).uv = vertex.uv;  //? uv
  (*out).uv1 = vertex.uv1;  //? uv1
  (*out).color = vertex.color;  //? color
}

/** The fragment's TEXCOORD_0. */
fn fragmentUv(frag: VertexOut) -> vec2f {
  return frag.uv;  //? uv
  return vec2f(0.0);  //? !uv
}

/** The fragment's TEXCOORD_1. */
fn fragmentUv1(frag: VertexOut) -> vec2f {
  return frag.uv1;  //? uv1
  return fragmentUv(frag);  //? !uv1
}

/** The fragment's COLOR_0. */
fn fragmentColor(frag: VertexOut) -> vec4f {
  return frag.color;  //? color
  return vec4f(1.0);  //? !color
}
