/**
 * Stable error codes. Every failure LayerW reports carries one of these, in thrown errors from the
 * TypeScript API and in the `detail.code` of error events on elements.
 */
export type LayerWErrorCode =
  | 'WEBGPU_UNAVAILABLE'
  | 'DEVICE_LOST'
  | 'BUDGET_EXCEEDED'
  | 'BAD_ATTRIBUTE'
  | 'LOAD_FAILED'
  | 'ASSET_INVALID'
  | 'MEMORY_CORRUPTED'
  | 'GPU_ERROR'
  | 'WASM_UNAVAILABLE'
  | 'CSP_WASM_BLOCKED'
  | 'SYSTEM_FAILED';

/** An error with a stable code; `cause` keeps the underlying error when there is one. */
export class LayerWError extends Error {
  readonly code: LayerWErrorCode;

  constructor(code: LayerWErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LayerWError';
    this.code = code;
  }
}
