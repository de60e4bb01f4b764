// Tone mapping: scene-linear colour (after exposure) to display-linear colour in [0, 1]; the -srgb view the
// passes render into encodes it. Shared by the mesh pass and the skybox.

const TONE_NEUTRAL = 0u;
const TONE_ACES = 1u;
const TONE_AGX = 2u;
const TONE_NONE = 3u;

/** Khronos PBR Neutral: leaves colours below ~0.8 as they are, compresses highlights towards white. */
fn toneMapNeutral(color: vec3f) -> vec3f {
  let startCompression = 0.8 - 0.04;
  let desaturation = 0.15;
  let x = min(color.r, min(color.g, color.b));
  let offset = select(0.04, x - 6.25 * x * x, x < 0.08);
  let c = color - offset;
  let peak = max(c.r, max(c.g, c.b));
  if (peak < startCompression) {
    return c;
  }
  let d = 1.0 - startCompression;
  let newPeak = 1.0 - d * d / (peak + d - startCompression);
  let g = 1.0 - 1.0 / (desaturation * (peak - newPeak) + 1.0);
  return mix(c * (newPeak / peak), vec3f(newPeak), g);
}

/**
 * ACES filmic (the RRT + ODT curve fitted by Stephen Hill): sRGB primaries into the ACES working space, the
 * fitted curve, and back. The 1/0.6 scale keeps mid-grey where the other operators put it.
 */
fn toneMapAces(color: vec3f) -> vec3f {
  let toAces = mat3x3f(
    vec3f(0.59719, 0.07600, 0.02840),
    vec3f(0.35458, 0.90834, 0.13383),
    vec3f(0.04823, 0.01566, 0.83777));
  let fromAces = mat3x3f(
    vec3f(1.60475, -0.10208, -0.00327),
    vec3f(-0.53108, 1.10813, -0.07276),
    vec3f(-0.07367, -0.00605, 1.07602));
  let v = toAces * (color / 0.6);
  let a = v * (v + 0.0245786) - 0.000090537;
  let b = v * (0.983729 * v + 0.4329510) + 0.238081;
  return clamp(fromAces * (a / b), vec3f(0.0), vec3f(1.0));
}

/**
 * AgX (Troy Sobotka's view transform): into the AgX primaries, a log2 encoding over [-12.47, 4.03] stops, the
 * sigmoid as a sixth-degree polynomial, back out, and the curve's 2.2 display encoding undone.
 */
fn toneMapAgx(color: vec3f) -> vec3f {
  let inset = mat3x3f(
    vec3f(0.842479062253094, 0.0423282422610123, 0.0423756549057051),
    vec3f(0.0784335999999992, 0.878468636469772, 0.0784336),
    vec3f(0.0792237451477643, 0.0791661274605434, 0.879142973793104));
  let outset = mat3x3f(
    vec3f(1.19687900512017, -0.0528968517574562, -0.0529716355144438),
    vec3f(-0.0980208811401368, 1.15190312990417, -0.0980434501171241),
    vec3f(-0.0990297440797205, -0.0989611768448433, 1.15107367264116));
  let minEv = -12.47393;
  let maxEv = 4.026069;
  let encoded = clamp((log2(max(inset * color, vec3f(1e-10))) - minEv) / (maxEv - minEv), vec3f(0.0), vec3f(1.0));
  let x = encoded;
  let x2 = x * x;
  let x4 = x2 * x2;
  let curve = 15.5 * x4 * x2 - 40.14 * x4 * x + 31.96 * x4 - 6.868 * x2 * x + 0.4298 * x2 + 0.1191 * x - 0.00232;
  return pow(max(outset * curve, vec3f(0.0)), vec3f(2.2));
}

/** `color` times `exposure`, through the operator `mode` (TONE_*). */
fn toneMap(color: vec3f, exposure: f32, mode: u32) -> vec3f {
  let c = max(color * exposure, vec3f(0.0));
  switch (mode) {
    case TONE_ACES: { return toneMapAces(c); }
    case TONE_AGX: { return toneMapAgx(c); }
    case TONE_NONE: { return min(c, vec3f(1.0)); }
    default: { return toneMapNeutral(c); }
  }
}
