/**
 * Removes the sRGB transfer function: a gamma-encoded channel in [0, 1] (what CSS colours are written in)
 * becomes linear light, which is what the engine's shading works in. Called by the colour parsers.
 */
export function srgbToLinear(channel: number): number {
  return channel <= 0.04045 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
}
