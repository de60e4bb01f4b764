/**
 * Errors and promise rejections that reach the window while the suite this is called in runs: what escaped an
 * element's callback, the frame loop or a promise nobody handled. Call it in a `describe` body.
 */
export function collectUncaught(): unknown[] {
  const uncaught: unknown[] = [];
  const onError = (event: ErrorEvent): void => void uncaught.push(event.error ?? event.message);
  const onRejection = (event: PromiseRejectionEvent): void => void uncaught.push(event.reason);
  before(() => {
    window.addEventListener('error', onError);
    window.addEventListener('unhandledrejection', onRejection);
  });
  after(() => {
    window.removeEventListener('error', onError);
    window.removeEventListener('unhandledrejection', onRejection);
  });
  return uncaught;
}
