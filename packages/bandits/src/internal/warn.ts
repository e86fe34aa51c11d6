/**
 * One-time warnings (non-convergence and the like): each key warns once per process.
 *
 * @module
 */

const seen = new Set<string>();

/** Emits `message` through `console.warn` the first time `key` is seen. @internal */
export function warnOnce(key: string, message: string): void {
  if (seen.has(key)) return;
  seen.add(key);
  console.warn(message);
}

/** Forgets every key, so warnings fire again (for tests). @internal */
export function resetWarnings(): void {
  seen.clear();
}
