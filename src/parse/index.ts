// The attribute parsers the elements call; each concern lives in its own file.
export { parseBoolean } from './boolean.js';
export { parseColor } from './color.js';
export { eulerDegreesToQuaternion } from './euler.js';
export { parseKeyword } from './keyword.js';
export { NAMED_COLORS } from './named-colors.js';
export { parseNumber, type NumberOptions } from './number.js';
export { MAX_ATTRIBUTE_TEXT, type NumberSink, type ParseResult } from './result.js';
export { parseSize } from './size.js';
export { srgbToLinear } from './srgb.js';
export { MAX_ARITY, parseVector, type VectorOptions } from './vector.js';
export { parsePlainVector3 } from './vector3.js';
export {
  badAttributeDetail,
  formatAttributeWarning,
  formatNumbers,
  shortenValue,
  WarnOnce,
  type BadAttributeDetail,
} from './warning.js';
