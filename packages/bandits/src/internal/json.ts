/**
 * JSON encoding helpers for estimator state: typed arrays become plain arrays; non-finite numbers are
 * written as strings (`'Infinity'`, `'-Infinity'`, `'NaN'`) so that nothing is lost.
 *
 * @module
 */

/** A JSON value (what `JSON.parse` returns). */
export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Encodes numbers, arrays, typed arrays and plain objects. @internal */
export function encode(v: unknown): Json {
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  if (v instanceof Float64Array || v instanceof Float32Array || v instanceof Int32Array) {
    return Array.from(v, (x) => encode(x));
  }
  if (Array.isArray(v)) return v.map((x) => encode(x));
  if (typeof v === 'object') {
    const out: Record<string, Json> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>))
      if (x !== undefined) out[k] = encode(x);
    return out;
  }
  return null;
}

/** Reads a number written by {@link encode}. @internal */
export function num(v: unknown): number {
  if (typeof v === 'number') return v;
  if (v === 'Infinity') return Number.POSITIVE_INFINITY;
  if (v === '-Infinity') return Number.NEGATIVE_INFINITY;
  return Number.NaN;
}

/** Reads a number array written by {@link encode} into a Float64Array. @internal */
export function f64(v: unknown): Float64Array {
  return Array.isArray(v) ? Float64Array.from(v, num) : new Float64Array(0);
}
