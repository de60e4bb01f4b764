// The skybox (src/gpu/ibl/skybox-pass.ts): a full-screen triangle behind everything showing an environment's
// specular cube, blurred by reading a rougher mip, exposed and tone-mapped like the meshes. Prepended with
// tonemap.wgsl.

struct Sky {
  inverseViewProj: mat4x4f,
  cameraPosition: vec4f,
  params: vec4f,  // exposure, tone mapping, mip level, intensity
  rotation: vec4f,  // cos, sin of the environment's rotation about y
}

@group(0) @binding(0) var<uniform> sky: Sky;
@group(0) @binding(1) var skyCube: texture_cube<f32>;
@group(0) @binding(2) var skySampler: sampler;

struct Out {
  @builtin(position) position: vec4f,
  @location(0) ndc: vec2f,
}

@vertex
fn vs(@builtin(vertex_index) i: u32) -> Out {
  let p = vec2f(f32((i << 1u) & 2u), f32(i & 2u)) * 2.0 - 1.0;
  var out: Out;
  out.position = vec4f(p, 1.0, 1.0);
  out.ndc = p;
  return out;
}

@fragment
fn fs(in: Out) -> @location(0) vec4f {
  let far = sky.inverseViewProj * vec4f(in.ndc, 1.0, 1.0);
  let d = normalize(far.xyz / far.w - sky.cameraPosition.xyz);
  let c = sky.rotation.x;
  let s = sky.rotation.y;
  let rotated = vec3f(c * d.x - s * d.z, d.y, s * d.x + c * d.z);
  let radiance = textureSampleLevel(skyCube, skySampler, rotated, sky.params.z).rgb * sky.params.w;
  return vec4f(toneMap(radiance, sky.params.x, u32(sky.params.y)), 1.0);
}
