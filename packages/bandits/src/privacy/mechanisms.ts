/**
 * Local-differential-privacy mechanisms and their calibration (spec §11.1): clipping, the Gaussian
 * mechanism (classic for `ε ≤ 1`, the analytic calibration of Balle & Wang 2018 above), and Laplace.
 *
 * @module
 */
import { invalidInput } from '../errors.js';

type Rng = { next(): number; nextNormal(): number };

/**
 * `erfc(x)` to about 1e-15 relative: the Maclaurin series of erf for `|x| < 2`, Lentz's continued
 * fraction beyond.
 * @internal
 */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x < 0) return 2 - erfc(-x);
  if (x < 2) {
    // erf(x) = 2/√π Σ (−1)ⁿ x^{2n+1} / (n!(2n+1))
    let term = x;
    let sum = x;
    const x2 = x * x;
    for (let n = 1; n < 200; n++) {
      term *= -x2 / n;
      const t = term / (2 * n + 1);
      sum += t;
      if (Math.abs(t) < 1e-17 * Math.abs(sum)) break;
    }
    return 1 - (2 / Math.sqrt(Math.PI)) * sum;
  }
  if (x > 27) return 0;
  // erfc(x) = exp(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))) by modified Lentz
  const tiny = 1e-300;
  let f = x;
  let C = x;
  let D = 0;
  for (let k = 1; k < 500; k++) {
    const a = k / 2;
    D = x + a * D;
    D = D === 0 ? tiny : D;
    C = x + a / C;
    C = C === 0 ? tiny : C;
    D = 1 / D;
    const delta = C * D;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / (Math.sqrt(Math.PI) * f);
}

/** Standard normal CDF. @internal */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/** The `δ` achieved by Gaussian noise `σ` for sensitivity `Δ` at `ε` (Balle & Wang 2018, Thm 8). @internal */
export function analyticDelta(sensitivity: number, sigma: number, epsilon: number): number {
  const a = sensitivity / (2 * sigma);
  const b = (epsilon * sigma) / sensitivity;
  return normalCdf(a - b) - Math.exp(epsilon) * normalCdf(-a - b);
}

/**
 * Noise standard deviation of the Gaussian mechanism for ℓ₂ sensitivity `Δ`: the classic
 * `Δ√(2 ln(1.25/δ))/ε` for `ε ≤ 1` (or with `method: 'classic'`), otherwise the smallest `σ` with
 * `Φ(Δ/2σ − εσ/Δ) − e^ε Φ(−Δ/2σ − εσ/Δ) ≤ δ` (analytic Gaussian mechanism, found by bisection).
 *
 * @throws `SparselandError` `SPARSELAND__BANDITS__INVALID_INPUT` for `ε ≤ 0`, `δ ∉ (0, 1)` or `Δ < 0`.
 * @example
 * ```ts
 * gaussianSigma(1, 0.5, 1e-5);   // classic: √(2 ln 125000)/0.5 ≈ 9.69
 * gaussianSigma(1, 4, 1e-5);     // analytic
 * ```
 */
export function gaussianSigma(
  sensitivity: number,
  epsilon: number,
  delta: number,
  method: 'auto' | 'classic' | 'analytic' = 'auto',
): number {
  const fn = 'gaussianSigma';
  if (!(sensitivity >= 0) || !Number.isFinite(sensitivity))
    throw invalidInput(fn, 'sensitivity', 'be a finite number >= 0', sensitivity);
  if (!(epsilon > 0)) throw invalidInput(fn, 'epsilon', 'be > 0', epsilon);
  if (!(delta > 0 && delta < 1)) throw invalidInput(fn, 'delta', 'be in (0, 1)', delta);
  if (sensitivity === 0 || epsilon === Number.POSITIVE_INFINITY) return 0;
  const classic = (sensitivity * Math.sqrt(2 * Math.log(1.25 / delta))) / epsilon;
  if (method === 'classic' || (method === 'auto' && epsilon <= 1)) return classic;
  // bisection in log σ: δ(σ) is decreasing in σ
  let lo = 1e-12 * sensitivity;
  let hi = Math.max(classic, sensitivity) * 4;
  while (analyticDelta(sensitivity, hi, epsilon) > delta) hi *= 2;
  for (let k = 0; k < 200; k++) {
    const mid = Math.sqrt(lo * hi);
    if (analyticDelta(sensitivity, mid, epsilon) > delta) lo = mid;
    else hi = mid;
    if (hi / lo < 1 + 1e-12) break;
  }
  return hi;
}

/** Laplace noise with scale `b` (density `e^{−|x|/b}/(2b)`). @internal */
export function laplace(rng: Rng, b: number): number {
  let u = rng.next() - 0.5;
  while (u === -0.5) u = rng.next() - 0.5;
  return -b * Math.sign(u) * Math.log(1 - 2 * Math.abs(u));
}

/** `clip(v, −τ, τ)`. @internal */
export function clip(v: number, tau: number): number {
  return v > tau ? tau : Math.max(v, -tau);
}

/**
 * The scale `B` of the Duchi–Jordan–Wainwright ℓ∞ mechanism for `k` coordinates (odd `k`; even `k` is
 * padded to `k + 1`): `B = (e^ε + 1)/(e^ε − 1) · 2^{k'−1}/C(k'−1, (k'−1)/2)`, `k'` the odd size, for
 * inputs in `[−1, 1]^k`. The ratio `2^{2h}/C(2h, h)` is computed as `Π_{i≤h} 2i/(2i − 1)` (no overflow).
 *
 * @example
 * ```ts
 * duchiScale(1, Math.log(3)); // (3 + 1)/(3 − 1) · 1 = 2
 * ```
 */
export function duchiScale(k: number, epsilon: number): number {
  const fn = 'duchiScale';
  if (!Number.isInteger(k) || k < 1) throw invalidInput(fn, 'k', 'be an integer >= 1', k);
  if (!(epsilon > 0) || !Number.isFinite(epsilon))
    throw invalidInput(fn, 'epsilon', 'be a finite number > 0', epsilon);
  const odd = k % 2 === 1 ? k : k + 1;
  const h = (odd - 1) / 2;
  let ratio = 1;
  for (let i = 1; i <= h; i++) ratio *= (2 * i) / (2 * i - 1);
  const e = Math.exp(epsilon);
  return ((e + 1) / (e - 1)) * ratio;
}

/**
 * The Duchi–Jordan–Wainwright sampling mechanism for a vector in an ℓ∞ ball (JASA 2018, §4.2.3): an
 * ε-LDP release `Z ∈ {−B·r_j, B·r_j}^k` with `E[Z] = v`, for `v_j ∈ [−r_j, r_j]`.
 *
 * 1. `s_j = ±1` with `P(s_j = 1) = 1/2 + v_j/(2r_j)` (so `E[s_j r_j] = v_j`);
 * 2. with probability `π = e^ε/(e^ε + 1)`, `z` uniform on `{z ∈ {±1}^k : ⟨z, s⟩ > 0}`, else on
 *    `{⟨z, s⟩ < 0}` (drawn by flipping a uniform sign vector into the wanted half); for even `k` a padding
 *    coordinate with `v = 0` makes the halves equal, so every output has probability `π/2^{k'−1}` or
 *    `(1 − π)/2^{k'−1}` under any input: the likelihood ratio is at most `e^ε`;
 * 3. `Z_j = B·r_j·z_j` with `B` = {@link duchiScale}, which makes `E[Z | s] = r ⊙ s` and so `E[Z] = v`.
 *
 * Writes into `out` (length `k`) and returns it. Values outside `[−r_j, r_j]` are clipped first.
 *
 * @example
 * ```ts
 * const z = duchiLinf([0.2, -0.5, 0], [1, 1, 1], 1, rng); // each entry ±duchiScale(3, 1)
 * ```
 */
export function duchiLinf(
  v: ArrayLike<number>,
  r: ArrayLike<number> | number,
  epsilon: number,
  rng: { next(): number },
  out: Float64Array = new Float64Array(v.length),
): Float64Array {
  const k = v.length;
  if (k === 0) return out;
  const B = duchiScale(k, epsilon);
  const radius = (j: number): number => (typeof r === 'number' ? r : r[j]!);
  const odd = k % 2 === 1 ? k : k + 1;
  const s = new Int8Array(odd);
  for (let j = 0; j < odd; j++) {
    const rj = j < k ? radius(j) : 1;
    const vj = j < k && rj > 0 ? clip(v[j]!, rj) / rj : 0;
    s[j] = rng.next() < 0.5 + vj / 2 ? 1 : -1;
  }
  const e = Math.exp(epsilon);
  const upper = rng.next() < e / (e + 1);
  const z = new Int8Array(odd);
  let dot = 0;
  for (let j = 0; j < odd; j++) {
    z[j] = rng.next() < 0.5 ? 1 : -1;
    dot += z[j]! * s[j]!;
  }
  // odd k: dot ≠ 0, and z ↦ −z swaps the halves
  const flip = upper ? dot < 0 : dot > 0;
  for (let j = 0; j < k; j++) out[j] = (flip ? -z[j]! : z[j]!) * B * radius(j);
  return out;
}
