// The contact shadow under a scene (src/gpu/contact-shadow-pass.ts): the scene's depth seen from below, its lowest
// point found by an atomic minimum, darkness by height above that point blurred in two passes, and a ground quad
// at that height drawn under the meshes, darkening what is behind it.

struct Params {
  below: mat4x4f,     // world to the orthographic view from under the scene (depth 0 at its bottom bound)
  camera: mat4x4f,    // the scene camera's view-projection
  box: vec4f,         // the ground quad: min x, min z, max x, max z
  ground: vec4f,      // bottom bound y, depth range (world units), intensity, fade height (world units)
  texel: vec4f,       // 1 / map size, blur step in texels, 0, 0
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read_write> lowestBits: atomic<u32>;
@group(0) @binding(2) var depthMap: texture_depth_2d;

/** The lowest depth of the map (its bits: positive floats order as unsigned integers). */
@compute @workgroup_size(8, 8)
fn lowest(@builtin(global_invocation_id) id: vec3u) {
  let size = textureDimensions(depthMap);
  if (id.x >= size.x || id.y >= size.y) { return; }
  atomicMin(&lowestBits, bitcast<u32>(textureLoad(depthMap, id.xy, 0)));
}

struct Blur { @builtin(position) position: vec4f }

@vertex
fn fullscreen(@builtin(vertex_index) i: u32) -> Blur {
  let p = vec2f(f32((i << 1u) & 2u), f32(i & 2u));
  return Blur(vec4f(p * 2.0 - 1.0, 0.0, 1.0));
}

@group(1) @binding(0) var<storage, read> lowestDepth: u32;
@group(1) @binding(1) var blurSource: texture_2d<f32>;

const TAPS = 7;

fn weight(k: i32) -> f32 {
  let x = f32(k) / f32(TAPS);
  return exp(-4.0 * x * x);
}

/** How dark the ground is under one texel: 1 where something touches the ground, fading to 0 at the fade height. */
fn darkness(texel: vec2i) -> f32 {
  let size = vec2i(textureDimensions(depthMap));
  let d = textureLoad(depthMap, clamp(texel, vec2i(0), size - 1), 0);
  if (d >= 1.0) { return 0.0; }
  let height = (d - bitcast<f32>(lowestDepth)) * params.ground.y;
  let t = clamp(1.0 - height / params.ground.w, 0.0, 1.0);
  return t * t;
}

@fragment
fn blurAcross(in: Blur) -> @location(0) vec4f {
  let at = vec2i(in.position.xy);
  var sum = 0.0;
  var total = 0.0;
  for (var k = -TAPS; k <= TAPS; k++) {
    let w = weight(k);
    sum += w * darkness(at + vec2i(i32(round(f32(k) * params.texel.y)), 0));
    total += w;
  }
  return vec4f(sum / total, 0.0, 0.0, 1.0);
}

@fragment
fn blurDown(in: Blur) -> @location(0) vec4f {
  let at = vec2i(in.position.xy);
  let size = vec2i(textureDimensions(blurSource));
  var sum = 0.0;
  var total = 0.0;
  for (var k = -TAPS; k <= TAPS; k++) {
    let w = weight(k);
    let y = clamp(at.y + i32(round(f32(k) * params.texel.y)), 0, size.y - 1);
    sum += w * textureLoad(blurSource, vec2i(at.x, y), 0).r;
    total += w;
  }
  return vec4f(sum / total, 0.0, 0.0, 1.0);
}

struct Ground {
  @builtin(position) position: vec4f,
  @location(0) world: vec3f,
}

@group(1) @binding(2) var shadowMap: texture_2d<f32>;
@group(1) @binding(3) var shadowSampler: sampler;

@vertex
fn groundVertex(@builtin(vertex_index) i: u32) -> Ground {
  // Two triangles, counter-clockwise seen from above.
  var corners = array<vec2f, 6>(vec2f(0, 1), vec2f(1, 1), vec2f(1, 0), vec2f(0, 1), vec2f(1, 0), vec2f(0, 0));
  let c = corners[i];
  let y = params.ground.x + bitcast<f32>(lowestDepth) * params.ground.y;
  let world = vec3f(mix(params.box.x, params.box.z, c.x), y, mix(params.box.y, params.box.w, c.y));
  return Ground(params.camera * vec4f(world, 1.0), world);
}

@fragment
fn groundFragment(in: Ground) -> @location(0) vec4f {
  let clip = params.below * vec4f(in.world, 1.0);
  let uv = vec2f(clip.x * 0.5 + 0.5, 0.5 - clip.y * 0.5);
  let edge = min(min(uv.x, 1.0 - uv.x), min(uv.y, 1.0 - uv.y));
  // The blur thins the shadow around the contact; easing it out keeps a soft but readable edge.
  let dark = textureSampleLevel(shadowMap, shadowSampler, uv, 0.0).r;
  let alpha = params.ground.z * (1.0 - (1.0 - dark) * (1.0 - dark)) * smoothstep(0.0, 0.1, edge);
  return vec4f(0.0, 0.0, 0.0, alpha);
}
