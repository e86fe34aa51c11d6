/**
 * Non-interactive LDP sparse linear regression (spec §11.2).
 *
 * @module
 */
import { type Constraint, checkParams, interval, nullable, oneOf } from '../base/constraints.js';
import { invalidInput, notFitted, shapeMismatch } from '../errors.js';
import { type MatrixLike, toRows, toVector, type VectorLike } from '../internal/input.js';
import { cholesky, cholSolve } from '../internal/linalg.js';
import { streamRng } from '../internal/rng-stream.js';
import { PrivacyAccountant, type PrivacyReport } from './accountant.js';
import { clip, duchiLinf, duchiScale, gaussianSigma, laplace } from './mechanisms.js';

/**
 * The random source {@link NonInteractiveLdpRegression.privatize} draws noise from; a core `Rng` is one.
 */
export interface LdpRandomSource {
  /** A uniform draw in `[0, 1)`. */
  next(): number;
  /** A standard normal draw. */
  nextNormal(): number;
}

type Rng = LdpRandomSource;

/** Parameters of {@link NonInteractiveLdpRegression}. */
export interface LdpRegressionParams {
  /** Per-user privacy `ε > 0` (`Infinity` = no noise, for checks). */
  epsilon: number;
  /** Per-user `δ ∈ (0, 1)` of the Gaussian mechanism (default 1e-5; ignored by Laplace). */
  delta: number;
  /**
   * Noise: `'gaussian'` ((ε, δ)), `'laplace'` (pure ε), or `'duchi'` (pure ε: the Duchi–Jordan–Wainwright
   * ℓ∞ sampling mechanism on the whole message, each entry `±B·radius`, unbiased).
   */
  mechanism: 'gaussian' | 'laplace' | 'duchi';
  /** Clip every feature to `[−τx, τx]` (default 3). */
  clipX: number;
  /** Clip the response to `[−τy, τy]` (default 3). */
  clipY: number;
  /** Soft threshold of Σ̂'s off-diagonals (default `null`: `c·σ₁√(log d/n)`). */
  nu: number | null;
  /** Final soft threshold (default `null`: `c·(σ₁ + σ₂)√(d log d/n)`). */
  lambda: number | null;
  /** Constant `c` of the default thresholds (default 1). */
  c: number;
  /** Seed of the users' noise (default 0). */
  seed: number;
}

/** One user's message: the noisy upper triangle of `x̃x̃ᵀ` and the noisy `x̃ỹ`. */
export interface LdpReport {
  /** Upper triangle of `x̃x̃ᵀ + Z₁`, row by row (`d(d+1)/2` values). */
  xx: Float64Array;
  /** `x̃ỹ + z₂` (`d` values). */
  xy: Float64Array;
}

/** Diagnostics of a fit. */
export interface LdpRegressionInfo {
  /** Users. */
  n: number;
  /** Noise standard deviation of each `x̃x̃ᵀ` entry and each `x̃ỹ` entry. */
  sigma1: number;
  /** See `sigma1`. */
  sigma2: number;
  /** Thresholds used. */
  nu: number;
  /** See `nu`. */
  lambda: number;
  /** Ridge added to make Σ̄ positive definite. */
  eta: number;
}

const EPS: Constraint = {
  expected: 'be a number > 0 (Infinity allowed)',
  invalid: [0, -1, Number.NaN, '1'],
  check: (v) => typeof v === 'number' && v > 0,
};

const CONSTRAINTS = {
  epsilon: EPS,
  delta: interval({ gt: 0, lt: 1 }),
  mechanism: oneOf(['gaussian', 'laplace', 'duchi']),
  clipX: interval({ gt: 0 }),
  clipY: interval({ gt: 0 }),
  nu: nullable(interval({ min: 0 })),
  lambda: nullable(interval({ min: 0 })),
  c: interval({ min: 0 }),
  seed: {
    expected: 'be a non-negative safe integer',
    invalid: [-1, 0.5],
    check: (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 0,
  },
};

const CALIBRATIONS = new WeakMap<object, Map<number, ReturnType<typeof computeCalibration>>>();

/** Noise levels and the per-user release plan for dimension `d` (memoised per parameter object). @internal */
export function calibrate(p: LdpRegressionParams, d: number): ReturnType<typeof computeCalibration> {
  let m = CALIBRATIONS.get(p);
  if (!m) {
    m = new Map();
    CALIBRATIONS.set(p, m);
  }
  let c = m.get(d);
  if (!c) {
    c = computeCalibration(p, d);
    m.set(d, c);
  }
  return c;
}

function computeCalibration(p: LdpRegressionParams, d: number) {
  const half = p.epsilon / 2;
  const { clipX: tx, clipY: ty } = p;
  if (p.mechanism === 'duchi') {
    // one release of the whole message (upper triangle of x̃x̃ᵀ, then x̃ỹ) in a box of radii τx², τxτy
    const m = (d * (d + 1)) / 2;
    const radii = new Float64Array(m + d);
    radii.fill(tx * tx, 0, m);
    radii.fill(tx * ty, m);
    const B = Number.isFinite(p.epsilon) ? duchiScale(m + d, p.epsilon) : 0;
    return {
      sigma1: B * tx * tx,
      sigma2: B * tx * ty,
      draw1: (_rng: Rng) => 0,
      draw2: (_rng: Rng) => 0,
      duchi: { radii, B },
      releases: [
        {
          label: 'x̃x̃ᵀ (upper triangle) and x̃ỹ',
          mechanism: 'duchi' as const,
          epsilon: p.epsilon,
          delta: 0,
          sensitivity: Math.max(tx * tx, tx * ty),
          noise: B,
        },
      ],
    };
  }
  if (p.mechanism === 'gaussian') {
    const s1 = 2 * tx * tx * d;
    const s2 = 2 * tx * ty * Math.sqrt(d);
    const sigma1 = gaussianSigma(s1, half, p.delta / 2);
    const sigma2 = gaussianSigma(s2, half, p.delta / 2);
    return {
      sigma1,
      sigma2,
      draw1: (rng: Rng) => sigma1 * rng.nextNormal(),
      draw2: (rng: Rng) => sigma2 * rng.nextNormal(),
      releases: [
        {
          label: 'x̃x̃ᵀ (upper triangle)',
          mechanism: 'gaussian' as const,
          epsilon: half,
          delta: p.delta / 2,
          sensitivity: s1,
          noise: sigma1,
        },
        {
          label: 'x̃ỹ',
          mechanism: 'gaussian' as const,
          epsilon: half,
          delta: p.delta / 2,
          sensitivity: s2,
          noise: sigma2,
        },
      ],
    };
  }
  const s1 = tx * tx * d * (d + 1);
  const s2 = 2 * tx * ty * d;
  const b1 = Number.isFinite(half) ? s1 / half : 0;
  const b2 = Number.isFinite(half) ? s2 / half : 0;
  return {
    sigma1: Math.SQRT2 * b1,
    sigma2: Math.SQRT2 * b2,
    draw1: (rng: Rng) => (b1 === 0 ? 0 : laplace(rng, b1)),
    draw2: (rng: Rng) => (b2 === 0 ? 0 : laplace(rng, b2)),
    releases: [
      {
        label: 'x̃x̃ᵀ (upper triangle)',
        mechanism: 'laplace' as const,
        epsilon: half,
        delta: 0,
        sensitivity: s1,
        noise: b1,
      },
      { label: 'x̃ỹ', mechanism: 'laplace' as const, epsilon: half, delta: 0, sensitivity: s2, noise: b2 },
    ],
  };
}

/** Clips and privatises one record into `xx` (upper triangle) and `xy`. @internal */
function privatizeInto(
  src: ArrayLike<number>,
  off: number,
  d: number,
  y: number,
  params: LdpRegressionParams,
  cal: ReturnType<typeof calibrate>,
  rng: Rng,
  xx: Float64Array,
  xy: Float64Array,
  xt: Float64Array,
): void {
  for (let j = 0; j < d; j++) xt[j] = clip(src[off + j]!, params.clipX);
  const yt = clip(y, params.clipY);
  let k = 0;
  if ('duchi' in cal && cal.duchi) {
    const m = xx.length;
    const v = new Float64Array(m + d);
    for (let i = 0; i < d; i++) for (let j = i; j < d; j++) v[k++] = xt[i]! * xt[j]!;
    for (let j = 0; j < d; j++) v[m + j] = xt[j]! * yt;
    // ε = ∞: the non-private limit
    const z = cal.duchi.B === 0 ? v : duchiLinf(v, cal.duchi.radii, params.epsilon, rng);
    xx.set(z.subarray(0, m));
    xy.set(z.subarray(m));
    return;
  }
  for (let i = 0; i < d; i++) for (let j = i; j < d; j++) xx[k++] = xt[i]! * xt[j]! + cal.draw1(rng);
  for (let j = 0; j < d; j++) xy[j] = xt[j]! * yt + cal.draw2(rng);
}

/**
 * Non-interactive locally private sparse regression: each user clips `(x, y)`, adds calibrated noise to
 * the upper triangle of `x̃x̃ᵀ` and to `x̃ỹ` (ε and δ split in halves; Gaussian with `Δ₂ ≤ 2τx²d` and
 * `2τxτy√d`, or Laplace with `Δ₁ ≤ τx²d(d+1)` and `2τxτyd`) and sends them once. The server averages
 * them into `Σ̂, b̂`, soft-thresholds Σ̂'s off-diagonals at `ν`, adds `ηI` until positive definite and
 * returns `θ̂ = S_λ(Σ̄⁻¹b̂)` — the elementary estimator of Yang, Lozano & Ravikumar (ICML 2014) on
 * privatised moments, our **unconfirmed** reading of the server side of Zhu et al. (ICLR 2024). Variant
 * `'public'`: pass `publicX` (unlabelled, public features) and Σ̂ comes from them without noise.
 *
 * Only {@link NonInteractiveLdpRegression.privatize} sees raw data; the fit simulates `n` users with it.
 *
 * @example
 * ```ts
 * const model = new NonInteractiveLdpRegression({ epsilon: 1, delta: 1e-5, mechanism: 'gaussian' });
 * model.fit(X, y);
 * model.coef;    // sparse estimate
 * model.privacy; // { epsilon: 1, delta: 1e-5, model: 'local', releases: [...] }
 * ```
 */
export class NonInteractiveLdpRegression {
  /** Defaults. */
  static readonly defaults: LdpRegressionParams = {
    epsilon: 1,
    delta: 1e-5,
    mechanism: 'gaussian',
    clipX: 3,
    clipY: 3,
    nu: null,
    lambda: null,
    c: 1,
    seed: 0,
  };
  /** Parameters. */
  readonly params: Readonly<LdpRegressionParams>;
  #coef: Float64Array | null = null;
  #info: LdpRegressionInfo | null = null;
  #privacy: PrivacyReport | null = null;

  /** Stores the parameters (validated at `fit`). */
  constructor(params: Partial<LdpRegressionParams> = {}) {
    const p: Record<string, unknown> = { ...NonInteractiveLdpRegression.defaults };
    for (const [k, v] of Object.entries(params)) if (v !== undefined) p[k] = v;
    this.params = Object.freeze(p as unknown as LdpRegressionParams);
  }

  /**
   * One user's message (the only step that sees raw data).
   *
   * @example
   * ```ts
   * const report = NonInteractiveLdpRegression.privatize(x, y, model.params, rng);
   * ```
   */
  static privatize(x: ArrayLike<number>, y: number, params: LdpRegressionParams, rng: Rng): LdpReport {
    const d = x.length;
    const report = { xx: new Float64Array((d * (d + 1)) / 2), xy: new Float64Array(d) };
    privatizeInto(x, 0, d, y, params, calibrate(params, d), rng, report.xx, report.xy, new Float64Array(d));
    return report;
  }

  /**
   * Simulates the protocol: user `i` privatises row `i` with its own random stream; then the server
   * estimates. `publicX` switches to the public-features variant.
   *
   * @throws `SparselandError` `SPARSELAND__BANDITS__INVALID_PARAM` for bad parameters;
   *   `…__INVALID_INPUT` / `…__SHAPE_MISMATCH` for bad data.
   */
  fit(X: MatrixLike, y: VectorLike, opts: { publicX?: MatrixLike } = {}): this {
    const fn = 'NonInteractiveLdpRegression.fit';
    checkParams(this.params, CONSTRAINTS, fn);
    const rows = toRows(X, fn);
    const t = toVector(y, fn, 'y', rows.rows, 'one response per row of X');
    const { rows: n, cols: d, data } = rows;
    const cal = calibrate(this.params, d);
    // users release one at a time; the server only keeps running sums of the reports
    const xx = new Float64Array((d * (d + 1)) / 2);
    const xy = new Float64Array(d);
    const sumXX = new Float64Array(xx.length);
    const sumXY = new Float64Array(d);
    const buf = new Float64Array(d);
    for (let i = 0; i < n; i++) {
      const rng = streamRng(this.params.seed, 13, i);
      privatizeInto(data, i * d, d, t[i]!, this.params, cal, rng, xx, xy, buf);
      for (let k = 0; k < xx.length; k++) sumXX[k] = sumXX[k]! + xx[k]!;
      for (let j = 0; j < d; j++) sumXY[j] = sumXY[j]! + xy[j]!;
    }
    return this.#estimate(
      sumXX.map((v) => v / n),
      sumXY.map((v) => v / n),
      n,
      d,
      opts,
      fn,
    );
  }

  /**
   * The server side: estimates from users' reports.
   *
   * @throws `SparselandError` `SPARSELAND__BANDITS__INVALID_INPUT` for empty or malformed reports.
   */
  fitReports(reports: readonly LdpReport[], d: number, opts: { publicX?: MatrixLike } = {}): this {
    const fn = 'NonInteractiveLdpRegression.fitReports';
    checkParams(this.params, CONSTRAINTS, fn);
    if (!Array.isArray(reports) || reports.length === 0)
      throw invalidInput(fn, 'reports', 'be a non-empty array', 0);
    if (!Number.isInteger(d) || d < 1) throw invalidInput(fn, 'd', 'be an integer >= 1', d);
    const n = reports.length;
    const m = (d * (d + 1)) / 2;
    const meanXX = new Float64Array(m);
    const meanXY = new Float64Array(d);
    for (const r of reports) {
      if (!r || r.xx?.length !== m || r.xy?.length !== d) {
        throw shapeMismatch(fn, 'reports', `hold ${m} + ${d} values each`, 'another size');
      }
      for (let k = 0; k < m; k++) meanXX[k] = meanXX[k]! + r.xx[k]! / n;
      for (let j = 0; j < d; j++) meanXY[j] = meanXY[j]! + r.xy[j]! / n;
    }
    return this.#estimate(meanXX, meanXY, n, d, opts, fn);
  }

  #estimate(
    meanXX: Float64Array,
    b: Float64Array,
    n: number,
    d: number,
    opts: { publicX?: MatrixLike },
    fn: string,
  ): this {
    const S = new Float64Array(d * d);
    const cal = calibrate(this.params, d);
    let sigma1 = cal.sigma1;
    if (opts.publicX !== undefined) {
      const P = toRows(opts.publicX, fn, 'publicX');
      if (P.cols !== d) throw shapeMismatch(fn, 'publicX', `have ${d} columns`, P.cols);
      for (let i = 0; i < P.rows; i++) {
        for (let a = 0; a < d; a++) {
          const xa = clip(P.data[i * d + a]!, this.params.clipX);
          for (let c = 0; c < d; c++) {
            S[a * d + c] = S[a * d + c]! + (xa * clip(P.data[i * d + c]!, this.params.clipX)) / P.rows;
          }
        }
      }
      sigma1 = 0;
    } else {
      let k = 0;
      for (let i = 0; i < d; i++) for (let j = i; j < d; j++) S[i * d + j] = meanXX[k++]!;
      for (let i = 0; i < d; i++) for (let j = i + 1; j < d; j++) S[j * d + i] = S[i * d + j]!;
    }
    const logd = Math.log(Math.max(d, 2));
    const nu = this.params.nu ?? this.params.c * sigma1 * Math.sqrt(logd / n);
    const lambda = this.params.lambda ?? this.params.c * (sigma1 + cal.sigma2) * Math.sqrt((d * logd) / n);
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) {
        if (i === j) continue;
        const v = S[i * d + j]!;
        S[i * d + j] = Math.sign(v) * Math.max(Math.abs(v) - nu, 0);
      }
    }
    let eta = 0;
    let L = cholesky(S, d);
    let meanDiag = 0;
    for (let i = 0; i < d; i++) meanDiag += Math.abs(S[i * d + i]!) / d;
    let step = Math.max(nu, 1e-8 * meanDiag, 1e-12);
    for (let k = 0; k < 200 && !L; k++) {
      eta += step;
      step *= 2;
      const Se = Float64Array.from(S);
      for (let i = 0; i < d; i++) Se[i * d + i] = Se[i * d + i]! + eta;
      L = cholesky(Se, d);
    }
    if (!L) throw invalidInput(fn, 'reports', 'give a finite second-moment estimate', 'a singular one');
    const raw = cholSolve(L, d, b);
    this.#coef = raw.map((v) => Math.sign(v) * Math.max(Math.abs(v) - lambda, 0));
    this.#info = { n, sigma1, sigma2: cal.sigma2, nu, lambda, eta };
    const acc = new PrivacyAccountant({
      epsilon: this.params.epsilon,
      delta: this.params.mechanism === 'gaussian' ? this.params.delta : 0,
    });
    for (const r of cal.releases) acc.spend(r);
    this.#privacy = acc.report();
    return this;
  }

  /** The sparse estimate. */
  get coef(): Float64Array {
    if (!this.#coef) throw notFitted('NonInteractiveLdpRegression', 'coef');
    return Float64Array.from(this.#coef);
  }

  /** Noise levels and thresholds of the fit. */
  get info(): LdpRegressionInfo {
    if (!this.#info) throw notFitted('NonInteractiveLdpRegression', 'info');
    return { ...this.#info };
  }

  /** The per-user privacy report (each user releases both messages once). */
  get privacy(): PrivacyReport {
    if (!this.#privacy) throw notFitted('NonInteractiveLdpRegression', 'privacy');
    return structuredClone(this.#privacy);
  }

  /** `Xθ̂`. */
  predict(X: MatrixLike): Float64Array {
    const coef = this.coef;
    const rows = toRows(X, 'NonInteractiveLdpRegression.predict');
    if (rows.cols !== coef.length)
      throw shapeMismatch(
        'NonInteractiveLdpRegression.predict',
        'X',
        `have ${coef.length} columns`,
        rows.cols,
      );
    return Float64Array.from({ length: rows.rows }, (_, i) => {
      let s = 0;
      for (let j = 0; j < coef.length; j++) s += rows.data[i * rows.cols + j]! * coef[j]!;
      return s;
    });
  }
}
