// Turning whatever a scene's start or frame caught into the LayerWError it reports.

import { LayerWError } from '../errors.js';

/** `error` if it is a LayerWError, else one with code `fallback` and `error` as its cause. */
export function asLayerWError(error: unknown, fallback: LayerWError['code']): LayerWError {
  return error instanceof LayerWError ? error : new LayerWError(fallback, error instanceof Error ? error.message : String(error), { cause: error });
}
