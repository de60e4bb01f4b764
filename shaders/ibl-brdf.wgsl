// The split-sum BRDF table (src/gpu/ibl/environment-maker.ts): for x = N·V and y = roughness, the scale (r)
// and bias (g) to F0 of the GGX specular lobe integrated over the hemisphere, with the height-correlated Smith
// visibility the direct lights use.

const PI = 3.14159265359;
const SAMPLES = 256u;

@vertex
fn vs(@builtin(vertex_index) i: u32) -> @builtin(position) vec4f {
  let p = vec2f(f32((i << 1u) & 2u), f32(i & 2u));
  return vec4f(p * 2.0 - 1.0, 0.0, 1.0);
}

fn hammersley(i: u32) -> vec2f {
  var bits = i;
  bits = (bits << 16u) | (bits >> 16u);
  bits = ((bits & 0x55555555u) << 1u) | ((bits & 0xAAAAAAAAu) >> 1u);
  bits = ((bits & 0x33333333u) << 2u) | ((bits & 0xCCCCCCCCu) >> 2u);
  bits = ((bits & 0x0F0F0F0Fu) << 4u) | ((bits & 0xF0F0F0F0u) >> 4u);
  bits = ((bits & 0x00FF00FFu) << 8u) | ((bits & 0xFF00FF00u) >> 8u);
  return vec2f(f32(i) / f32(SAMPLES), f32(bits) * 2.3283064365386963e-10);
}

@fragment
fn fs(@builtin(position) position: vec4f) -> @location(0) vec4f {
  let size = 64.0;
  let NoV = max(position.x / size, 1e-3);
  let roughness = max(position.y / size, 0.02);
  let a = roughness * roughness;
  let a2 = a * a;
  let v = vec3f(sqrt(1.0 - NoV * NoV), 0.0, NoV);
  var scale = 0.0;
  var bias = 0.0;
  for (var i = 0u; i < SAMPLES; i++) {
    let xi = hammersley(i);
    let phi = 2.0 * PI * xi.x;
    let cosTheta = sqrt((1.0 - xi.y) / (1.0 + (a2 - 1.0) * xi.y));
    let sinTheta = sqrt(1.0 - cosTheta * cosTheta);
    let h = vec3f(sinTheta * cos(phi), sinTheta * sin(phi), cosTheta);
    let l = 2.0 * dot(v, h) * h - v;
    let NoL = l.z;
    let NoH = h.z;
    let VoH = max(dot(v, h), 0.0);
    if (NoL > 0.0) {
      let ggxV = NoL * sqrt(NoV * NoV * (1.0 - a2) + a2);
      let ggxL = NoV * sqrt(NoL * NoL * (1.0 - a2) + a2);
      let visibility = 0.5 / (ggxV + ggxL);
      let weighted = 4.0 * visibility * NoL * VoH / max(NoH, 1e-5);
      let fc = pow(1.0 - VoH, 5.0);
      scale += (1.0 - fc) * weighted;
      bias += fc * weighted;
    }
  }
  return vec4f(scale / f32(SAMPLES), bias / f32(SAMPLES), 0.0, 1.0);
}
