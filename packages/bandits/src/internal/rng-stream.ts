/**
 * Counter-based random streams: a fresh core `Rng` derived from a seed and integer keys (round, arm,
 * stream). A policy or environment that draws from `streamRng(seed, t)` needs only `(seed, t)` as its
 * random state, so its JSON restores the exact continuation.
 *
 * @module
 */
import { random } from '@sparseland/core';

function mix(h: number, k: number): number {
  let x = Math.imul(h ^ k, 0x9e3779b1);
  x ^= x >>> 15;
  x = Math.imul(x, 0x85ebca77);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae3d);
  return (x ^ (x >>> 16)) >>> 0;
}

/** Hashes a seed and keys (non-negative integers below 2^53) into a 53-bit seed. @internal */
export function streamSeed(seed: number, keys: readonly number[]): number {
  let a = mix(0x243f6a88, seed >>> 0);
  let b = mix(0x85a308d3, Math.floor(seed / 2 ** 32) >>> 0);
  for (const k of keys) {
    const lo = k >>> 0;
    const hi = Math.floor(k / 2 ** 32) >>> 0;
    a = mix(a ^ b, lo);
    b = mix(b + 0x13198a2e, hi ^ a);
  }
  return (a & 0x1fffff) * 2 ** 32 + b;
}

/** A fresh generator for `(seed, ...keys)`. @internal */
export function streamRng(seed: number, ...keys: number[]): random.Rng {
  return new random.Rng(streamSeed(seed, keys));
}
