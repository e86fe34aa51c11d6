/** fast-check arbitraries for sparse test matrices (spec §7: empty shapes, empty rows, 1×1, odd sizes, all-zero, dense). */
import fc from 'fast-check';

/** A dense matrix: shape and row-major values. */
export interface DenseCase {
  rows: number;
  cols: number;
  values: number[];
}

/** Exact float32 values, never −0 or NaN: small integers and halves. */
export const value = fc.integer({ min: -40, max: 40 }).map((v) => (v === 0 ? 0 : v / 2));

/** A nonzero exact value. */
export const nonzero = fc.integer({ min: 1, max: 40 }).chain((v) => fc.constantFrom(v / 2, -v / 2));

/**
 * Dense matrices with a density regime: all zero, sparse, half, fully dense; shapes from `[0, 0]` to
 * `[maxRows, maxCols]`, including sizes that are not multiples of 4, 8 or 64.
 */
export function denseMatrix(maxRows = 11, maxCols = 11, minRows = 0, minCols = 0): fc.Arbitrary<DenseCase> {
  return fc
    .record({
      rows: fc.integer({ min: minRows, max: maxRows }),
      cols: fc.integer({ min: minCols, max: maxCols }),
      density: fc.constantFrom(0, 0.1, 0.3, 0.5, 1),
    })
    .chain(({ rows, cols, density }) =>
      fc
        .array(
          fc
            .tuple(fc.double({ min: 0, max: 1, noNaN: true }), nonzero)
            .map(([u, v]) => (u < density ? v : 0)),
          { minLength: rows * cols, maxLength: rows * cols },
        )
        .map((values) => ({ rows, cols, values })),
    );
}

/** A dense matrix plus a 0/1 mask (mask entries may select zeros: explicit zeros). */
export function denseWithMask(maxRows = 9, maxCols = 9): fc.Arbitrary<{ x: DenseCase; mask: number[] }> {
  return denseMatrix(maxRows, maxCols).chain((x) =>
    fc
      .array(fc.boolean(), { minLength: x.values.length, maxLength: x.values.length })
      .map((m) => ({ x, mask: m.map((b) => (b ? 1 : 0)) })),
  );
}

/** Number of fast-check runs per property (keeps the suite fast and deterministic). */
export const RUNS = { numRuns: 60, seed: 20240601 } as const;
