// Irradiance of an environment as nine spherical-harmonic coefficients (src/gpu/ibl/environment-maker.ts),
// drawn into a 9×1 target: the fragment of coefficient k projects every texel of a small mip of the source
// cube, weighted by its solid angle, then convolves with the cosine lobe and divides by PI, in the basis order
// shaders/ibl.wgsl reads.

const PI = 3.14159265359;

@group(0) @binding(0) var faces: texture_2d_array<f32>;

@vertex
fn vs(@builtin(vertex_index) i: u32) -> @builtin(position) vec4f {
  let p = vec2f(f32((i << 1u) & 2u), f32(i & 2u));
  return vec4f(p * 2.0 - 1.0, 0.0, 1.0);
}

fn faceDirection(face: u32, u: f32, v: f32) -> vec3f {
  switch (face) {
    case 0u: { return vec3f(1.0, -v, -u); }
    case 1u: { return vec3f(-1.0, -v, u); }
    case 2u: { return vec3f(u, 1.0, v); }
    case 3u: { return vec3f(u, -1.0, -v); }
    case 4u: { return vec3f(u, -v, 1.0); }
    default: { return vec3f(-u, -v, -1.0); }
  }
}

/** Basis function k at unit direction d. */
fn basis(k: u32, d: vec3f) -> f32 {
  switch (k) {
    case 0u: { return 0.282095; }
    case 1u: { return 0.488603 * d.y; }
    case 2u: { return 0.488603 * d.z; }
    case 3u: { return 0.488603 * d.x; }
    case 4u: { return 1.092548 * d.x * d.y; }
    case 5u: { return 1.092548 * d.y * d.z; }
    case 6u: { return 0.315392 * (3.0 * d.z * d.z - 1.0); }
    case 7u: { return 1.092548 * d.x * d.z; }
    default: { return 0.546274 * (d.x * d.x - d.y * d.y); }
  }
}

@fragment
fn project(@builtin(position) position: vec4f) -> @location(0) vec4f {
  let k = u32(position.x);
  let size = textureDimensions(faces).x;
  var sum = vec3f(0.0);
  var weight = 0.0;
  for (var face = 0u; face < 6u; face++) {
    for (var y = 0u; y < size; y++) {
      for (var x = 0u; x < size; x++) {
        let u = (f32(x) + 0.5) / f32(size) * 2.0 - 1.0;
        let v = (f32(y) + 0.5) / f32(size) * 2.0 - 1.0;
        let q = 1.0 + u * u + v * v;
        let solidAngle = 4.0 / (f32(size * size) * q * sqrt(q));
        let d = faceDirection(face, u, v) * inverseSqrt(q);
        sum += textureLoad(faces, vec2u(x, y), face, 0).rgb * (solidAngle * basis(k, d));
        weight += solidAngle;
      }
    }
  }
  // The texel solid angles sum to nearly 4 PI; scaling by their true sum removes the approximation's bias.
  let band = select(select(0.25, 2.0 / 3.0, k < 4u), 1.0, k == 0u);
  return vec4f(sum * (4.0 * PI / weight * band), 0.0);
}
