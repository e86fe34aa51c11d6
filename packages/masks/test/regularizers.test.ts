import { tensor } from '@sparseland/core';
import { describe, expect, it } from 'vitest';
import {
  groupLassoNorm,
  groupLassoProx,
  hardGroupTopK,
  kSupportSqProx,
  maskSparsityGrad,
  selectPruneChannels,
  wgsefProx,
} from '../src/index.js';
import { expectCode, host, normals } from './helpers.js';

describe('group lasso', () => {
  it('soft-thresholds whole groups: x_G·max(0, 1 − ηλ/‖x_G‖)', () => {
    expect(
      groupLassoNorm(
        [
          [3, 4],
          [0, 0],
        ],
        { axis: 'out' },
      ),
    ).toBe(5);
    const y = host(
      groupLassoProx(
        tensor(
          [
            [3, 4],
            [0.3, 0.4],
          ],
          { dtype: 'float64' },
        ),
        { axis: 'out' },
        { threshold: 1 },
      ),
    );
    expect(y).toEqual([3 * 0.8, 4 * 0.8, 0, 0]);
    // columns as groups, and only some groups shrunk (MaskSparsity on weights)
    const z = host(
      groupLassoProx(
        tensor(
          [
            [3, 1],
            [4, 1],
          ],
          { dtype: 'float64' },
        ),
        { axis: 'in' },
        { threshold: 1, only: [false, true] },
      ),
    );
    expect(z).toEqual([3, 1 - 1 / Math.SQRT2, 4, 1 - 1 / Math.SQRT2]);
    const ids = host(
      groupLassoProx(tensor([1, 1, 5], { dtype: 'float64' }), { ids: [0, 0, -1] }, { threshold: 10 }),
    );
    expect(ids).toEqual([0, 0, 5]);
  });
  it('validates groups', () => {
    expectCode(
      () => groupLassoProx([1, 2], { ids: [0] }, { threshold: 1 }),
      'SPARSELAND__MASKS__SHAPE_MISMATCH',
    );
    expectCode(
      () => groupLassoProx([1, 2], { axis: 'in' }, { threshold: 1 }),
      'SPARSELAND__MASKS__AXIS_INVALID',
    );
    expectCode(
      () => groupLassoProx([1, 2], { axis: 'out' }, { threshold: -1 }),
      'SPARSELAND__MASKS__OUT_OF_RANGE',
    );
  });
});

describe('MaskSparsity and Network Slimming', () => {
  it('adds λ·sign(γ) on the selected channels only (l1) or λ·γ (l2)', () => {
    expect(
      host(
        maskSparsityGrad(tensor([0.5, -0.2, 1], { dtype: 'float64' }), [false, true, false], { lambda: 0.1 }),
      ),
    ).toEqual([0, -0.1, 0]);
    expect(
      host(maskSparsityGrad(tensor([0.5, -0.2, 0], { dtype: 'float64' }), undefined, { lambda: 0.1 })),
    ).toEqual([0.1, -0.1, 0]);
    expect(
      host(
        maskSparsityGrad(tensor([0.5, -0.2], { dtype: 'float64' }), [true, true], {
          lambda: 2,
          variant: 'l2',
        }),
      ),
    ).toEqual([1, -0.4]);
    expectCode(() => maskSparsityGrad([1, 2], [true]), 'SPARSELAND__MASKS__SHAPE_MISMATCH');
  });
  it('selects the smallest |γ| globally by ratio or by threshold', () => {
    const sel = selectPruneChannels({ a: [0.9, 0.01, -0.3], b: [0.5, -0.02, 0.4] }, { ratio: 0.5 });
    expect(host(sel.a!)).toEqual([0, 1, 1]);
    expect(host(sel.b!)).toEqual([0, 1, 0]);
    const thr = selectPruneChannels({ a: [0.9, 0.001, -0.005] }, { threshold: 0.01 });
    expect(host(thr.a!)).toEqual([0, 1, 1]);
    expectCode(() => selectPruneChannels({ a: [1] }, {}), 'SPARSELAND__MASKS__INVALID_ARGUMENT');
  });
});

describe('k-support and group sparse envelope proxes', () => {
  it('matches the ModOpt KSupportNorm golden: beta = 3, k = 1 on [0, 5, 10, 15, 20] gives [0, 0, 0, 0, 5]', () => {
    expect(Array.from(kSupportSqProx([0, 5, 10, 15, 20], 3, 1))).toEqual([0, 0, 0, 0, 5]);
  });
  it('keeps the support and the sum of θ equal to k, and shrinks like z/(1 + β) when k covers every nonzero', () => {
    const z = normals(12, 3);
    const out = kSupportSqProx(z, 0.5, 4);
    const nz = Array.from(out).filter((v) => v !== 0).length;
    expect(nz).toBeGreaterThanOrEqual(4);
    // θ_i = ẑ_i·β/(z_i − ẑ_i) recovered from the output sums to k
    const theta = Array.from(out).map((v, i) => (v === 0 ? 0 : (v * 0.5) / (z[i]! - v)));
    expect(theta.reduce((a, b) => a + b, 0)).toBeCloseTo(4, 10);
    for (const t of theta) expect(t >= 0 && t <= 1 + 1e-12).toBe(true);
    expect(Array.from(kSupportSqProx([1, -2, 0], 1, 5))).toEqual([0.5, -1, 0]);
    expectCode(() => kSupportSqProx([1], 0, 1), 'SPARSELAND__MASKS__OUT_OF_RANGE');
  });
  it('WGSEF applies the prox to group norms; the hard top-k baseline keeps the largest groups', () => {
    expect(
      host(
        wgsefProx(
          tensor([[0], [5], [10], [15], [20]], { dtype: 'float64' }),
          { axis: 'out' },
          { k: 1, beta: 3 },
        ),
      ),
    ).toEqual([0, 0, 0, 0, 5]);
    const g = host(
      wgsefProx(
        tensor(
          [
            [3, 4],
            [0, 1],
            [6, 8],
          ],
          { dtype: 'float64' },
        ),
        { axis: 'out' },
        { k: 1, beta: 1 },
      ),
    );
    expect(g.slice(0, 4)).toEqual([0, 0, 0, 0]);
    expect(g[4]! / g[5]!).toBeCloseTo(0.75, 12);
    expect(
      host(
        hardGroupTopK(
          [
            [1, 1],
            [3, 0],
            [0, 2],
          ],
          { axis: 'out' },
          2,
        ),
      ),
    ).toEqual([0, 0, 3, 0, 0, 2]);
    expect(
      host(
        hardGroupTopK(
          [
            [1, 0],
            [0, 1],
          ],
          { axis: 'out' },
          1,
        ),
      ),
    ).toEqual([1, 0, 0, 0]);
  });
});
