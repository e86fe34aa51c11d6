import { SparselandError } from '../errors/sparseland-error.js';

/**
 * A seeded pseudo-random generator (xoshiro128**, seeded through SplitMix32).
 *
 * Random tensors are drawn on the host from this stream and then uploaded, so a seed yields the same
 * values on every backend. Generators are cheap; `split()` derives an independent child stream.
 *
 * @example
 * ```ts
 * const rng = new Rng(42);
 * rng.next();  // a float in [0, 1)
 * rng.nextUint32();
 * ```
 */
export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spare: number | undefined;

  /**
   * @param seed - Any integer in `[0, 2^53)`; equal seeds give equal streams.
   * @throws {@link SparselandError} INVALID_ARGUMENT when `seed` is not a safe non-negative integer.
   */
  constructor(seed: number) {
    if (!Number.isSafeInteger(seed) || seed < 0) {
      throw new SparselandError('SPARSELAND__CORE__INVALID_ARGUMENT', {
        fn: 'Rng',
        arg: 'seed',
        expected: 'be a non-negative safe integer',
        actual: seed,
      });
    }
    // fold both 32-bit halves of the seed into SplitMix32
    let x = (seed >>> 0) ^ Math.imul(Math.floor(seed / 2 ** 32) >>> 0, 0x9e3779b1);
    const next = () => {
      x = (x + 0x9e3779b9) | 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** Next 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Next float in `[0, 1)` with 53 random bits. */
  next(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Next standard normal draw (Box-Muller, both values used). */
  nextNormal(): number {
    if (this.spare !== undefined) {
      const s = this.spare;
      this.spare = undefined;
      return s;
    }
    let u = this.next();
    while (u === 0) u = this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** Uniform integer in `[0, n)` without modulo bias (`n` up to 2^32). */
  nextInt(n: number): number {
    const limit = 2 ** 32 - (2 ** 32 % n);
    let x = this.nextUint32();
    while (x >= limit) x = this.nextUint32();
    return x % n;
  }

  /** An independent generator seeded from this stream. */
  split(): Rng {
    return new Rng(this.nextUint32() * 2 ** 21 + (this.nextUint32() >>> 11));
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
