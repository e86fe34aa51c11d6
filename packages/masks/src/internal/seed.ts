/** Counter-based seeds: a run seed, a parameter name and a step give one stream (spec §11, RigL's stateless seeds). */

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function mix(x: number): number {
  let z = x | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** A seed in `[0, 2^53)` derived from a run seed, a name and a step (and an optional salt). */
export function deriveSeed(seed: number, name: string, step: number, salt = 0): number {
  const lo = mix((seed >>> 0) ^ fnv1a(name) ^ mix(step + 0x9e3779b9 * salt));
  const hi = mix(Math.floor(seed / 2 ** 32) ^ mix(step) ^ lo ^ (salt * 0x85ebca6b));
  return (hi >>> 11) * 2 ** 32 + lo;
}
