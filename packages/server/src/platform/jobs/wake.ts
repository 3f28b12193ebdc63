/**
 * Lets a request tell the in-process worker that work is waiting, so an import
 * starts at once instead of at the next poll. A no-op when the worker runs elsewhere.
 */
const listeners = new Set<() => void>();

export function onWake(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function wakeWorker() {
  for (const listener of listeners) listener();
}
