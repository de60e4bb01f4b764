// Making an environment on the GPU (src/gpu/ibl/environment-maker.ts): its source cube drawn face by face from
// the neutral room or an equirectangular image, the source's mips by halving, and the specular cube whose mip
// k is the source convolved with GGX of roughness k / (mips - 1), by importance sampling. Each draw fills one
// face of one mip with a full-screen triangle; `job` says which.

const PI = 3.14159265359;
const SOURCE_ROOM = 0u;
const SOURCE_RGBE = 1u;
const SOURCE_IMAGE = 2u;

struct Job {
  face: u32,
  source: u32,       // SOURCE_*: what `drawSource` reads
  size: f32,         // face edge of the mip being drawn, texels
  roughness: f32,
  samples: u32,
  sourceSize: f32,   // face edge of the source cube's mip 0
  sourceMips: f32,
  _pad: f32,
}

@group(0) @binding(0) var<uniform> job: Job;
@group(0) @binding(1) var equirect: texture_2d<f32>;
@group(0) @binding(2) var sourceCube: texture_cube<f32>;
@group(0) @binding(3) var cubeSampler: sampler;

@vertex
fn vs(@builtin(vertex_index) i: u32) -> @builtin(position) vec4f {
  let p = vec2f(f32((i << 1u) & 2u), f32(i & 2u));
  return vec4f(p * 2.0 - 1.0, 0.0, 1.0);
}

/** The direction through texel coordinates `pixel` (y down) of cube face `face` (+x, -x, +y, -y, +z, -z). */
fn faceDirection(face: u32, pixel: vec2f, size: f32) -> vec3f {
  let uv = pixel / size * 2.0 - 1.0;
  let u = uv.x;
  let v = uv.y;
  switch (face) {
    case 0u: { return normalize(vec3f(1.0, -v, -u)); }
    case 1u: { return normalize(vec3f(-1.0, -v, u)); }
    case 2u: { return normalize(vec3f(u, 1.0, v)); }
    case 3u: { return normalize(vec3f(u, -1.0, -v)); }
    case 4u: { return normalize(vec3f(u, -v, 1.0)); }
    default: { return normalize(vec3f(-u, -v, -1.0)); }
  }
}

/** 1 inside a rectangle of half-extents `half` around `centre`, fading to 0 over `soft` at its edges. */
fn softRect(p: vec2f, centre: vec2f, half: vec2f, soft: f32) -> f32 {
  let inside = half - abs(p - centre);
  return smoothstep(-soft, soft, inside.x) * smoothstep(-soft, soft, inside.y);
}

/**
 * The neutral studio: a grey room 12 wide, 7 high and 12 deep seen from 2 above its floor, with soft light
 * panels: a wide one on the ceiling, a strong key on the +x wall, a weaker fill on -x, one behind the viewer
 * (+z) and a strip on the far wall (-z). Walls brighten towards the ceiling, the floor is darkest.
 */
fn roomRadiance(d: vec3f) -> vec3f {
  let lo = vec3f(-6.0, -2.0, -6.0);
  let hi = vec3f(6.0, 5.0, 6.0);
  let bounds = select(lo, hi, d > vec3f(0.0));
  let ts = bounds / select(d, vec3f(1e-6), abs(d) < vec3f(1e-6));
  let t = min(ts.x, min(ts.y, ts.z));
  let p = d * t;
  let wallShade = 0.55 + 0.35 * smoothstep(-2.0, 5.0, p.y);
  var base = vec3f(wallShade) * vec3f(1.0, 0.985, 0.96);
  var light = 0.0;
  if (t == ts.y) {
    if (d.y > 0.0) {
      base = vec3f(0.95);
      light = 12.0 * softRect(p.xz, vec2f(0.0, 0.0), vec2f(3.0, 1.6), 0.35);
    } else {
      base = vec3f(0.36, 0.35, 0.34) * (1.0 - 0.3 * smoothstep(2.0, 8.0, length(p.xz)));
    }
  } else if (t == ts.x) {
    if (d.x > 0.0) {
      light = 16.0 * softRect(p.zy, vec2f(0.0, 1.6), vec2f(2.2, 1.6), 0.4);
    } else {
      light = 6.0 * softRect(p.zy, vec2f(0.5, 1.8), vec2f(1.4, 1.2), 0.4);
    }
  } else {
    if (d.z > 0.0) {
      light = 8.0 * softRect(p.xy, vec2f(-0.8, 1.8), vec2f(1.8, 1.3), 0.4);
    } else {
      light = 5.0 * softRect(p.xy, vec2f(0.0, 2.6), vec2f(4.0, 0.5), 0.3);
    }
  }
  return base + vec3f(light);
}

/** Radiance (RGBE) or sRGB colour of one texel of the equirectangular image, wrapping around in x. */
fn equirectTexel(texel: vec2i) -> vec3f {
  let dimensions = vec2i(textureDimensions(equirect));
  let x = (texel.x % dimensions.x + dimensions.x) % dimensions.x;
  let y = clamp(texel.y, 0, dimensions.y - 1);
  let t = textureLoad(equirect, vec2i(x, y), 0);
  if (job.source == SOURCE_RGBE) {
    let e = round(t.a * 255.0);
    return select(t.rgb * 255.0 * exp2(e - 136.0), vec3f(0.0), e == 0.0);
  }
  return t.rgb;
}

/** The image seen in direction `d`, bilinear: u turns about y from -z, v runs from straight up to straight down. */
fn equirectRadiance(d: vec3f) -> vec3f {
  let uv = vec2f(0.5 + atan2(d.x, -d.z) / (2.0 * PI), acos(clamp(d.y, -1.0, 1.0)) / PI);
  let p = uv * vec2f(textureDimensions(equirect)) - 0.5;
  let i = vec2i(floor(p));
  let f = fract(p);
  let top = mix(equirectTexel(i), equirectTexel(i + vec2i(1, 0)), f.x);
  let bottom = mix(equirectTexel(i + vec2i(0, 1)), equirectTexel(i + vec2i(1, 1)), f.x);
  return mix(top, bottom, f.y);
}

/** Mip 0 of the source cube: 2×2 samples per texel of the room or the image. */
@fragment
fn drawSource(@builtin(position) position: vec4f) -> @location(0) vec4f {
  var sum = vec3f(0.0);
  for (var s = 0u; s < 4u; s++) {
    let offset = vec2f(f32(s & 1u), f32(s >> 1u)) * 0.5 - 0.25;
    let d = faceDirection(job.face, position.xy + offset, job.size);
    sum += select(equirectRadiance(d), roomRadiance(d), job.source == SOURCE_ROOM);
  }
  return vec4f(sum * 0.25, 1.0);
}

/** One source mip from the one above (bound alone): the bilinear sample at a texel's centre averages four. */
@fragment
fn downsample(@builtin(position) position: vec4f) -> @location(0) vec4f {
  let d = faceDirection(job.face, position.xy, job.size);
  return vec4f(textureSampleLevel(sourceCube, cubeSampler, d, 0.0).rgb, 1.0);
}

fn hammersley(i: u32, count: u32) -> vec2f {
  var bits = i;
  bits = (bits << 16u) | (bits >> 16u);
  bits = ((bits & 0x55555555u) << 1u) | ((bits & 0xAAAAAAAAu) >> 1u);
  bits = ((bits & 0x33333333u) << 2u) | ((bits & 0xCCCCCCCCu) >> 2u);
  bits = ((bits & 0x0F0F0F0Fu) << 4u) | ((bits & 0xF0F0F0F0u) >> 4u);
  bits = ((bits & 0x00FF00FFu) << 8u) | ((bits & 0xFF00FF00u) >> 8u);
  return vec2f(f32(i) / f32(count), f32(bits) * 2.3283064365386963e-10);
}

/**
 * One specular mip: the source around the texel's direction N, weighted by GGX with view = normal = N.
 * Each sample reads the source mip whose texels cover the sample's share of the lobe (filtered importance
 * sampling), so few samples give a smooth result.
 */
@fragment
fn prefilter(@builtin(position) position: vec4f) -> @location(0) vec4f {
  let n = faceDirection(job.face, position.xy, job.size);
  if (job.roughness <= 0.0) {
    return vec4f(textureSampleLevel(sourceCube, cubeSampler, n, 0.0).rgb, 1.0);
  }
  let a = job.roughness * job.roughness;
  let a2 = a * a;
  let up = select(vec3f(1.0, 0.0, 0.0), vec3f(0.0, 0.0, 1.0), abs(n.z) < 0.999);
  let tangent = normalize(cross(up, n));
  let bitangent = cross(n, tangent);
  let texelSolidAngle = 4.0 * PI / (6.0 * job.sourceSize * job.sourceSize);
  var sum = vec3f(0.0);
  var weight = 0.0;
  for (var i = 0u; i < job.samples; i++) {
    let xi = hammersley(i, job.samples);
    let phi = 2.0 * PI * xi.x;
    let cosTheta = sqrt((1.0 - xi.y) / (1.0 + (a2 - 1.0) * xi.y));
    let sinTheta = sqrt(1.0 - cosTheta * cosTheta);
    let h = tangent * (sinTheta * cos(phi)) + bitangent * (sinTheta * sin(phi)) + n * cosTheta;
    let l = 2.0 * dot(n, h) * h - n;
    let NoL = dot(n, l);
    if (NoL > 0.0) {
      let f = cosTheta * cosTheta * (a2 - 1.0) + 1.0;
      let pdf = a2 / (PI * f * f) / 4.0;
      let sampleSolidAngle = 1.0 / (f32(job.samples) * pdf + 1e-6);
      let lod = clamp(0.5 * log2(sampleSolidAngle / texelSolidAngle) + 1.0, 0.0, job.sourceMips - 1.0);
      sum += textureSampleLevel(sourceCube, cubeSampler, l, lod).rgb * NoL;
      weight += NoL;
    }
  }
  return vec4f(sum / max(weight, 1e-6), 1.0);
}
