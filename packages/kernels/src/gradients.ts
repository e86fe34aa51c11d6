/**
 * Gradients of this package's kernels, written once in terms of ops so they run on every backend
 * (registered with core's `registerGradient`; imported for its side effect by `register.ts`).
 *
 * With `A` a CSR pattern and `S(v)` the CSR matrix on that pattern holding values `v`:
 * - SpMM `C = A·B`: `dB = Aᵀ·dC` (CsrTranspose + gather + SpMM), `dv = SDDMM(dC, B)` on A's pattern.
 * - DSMM `C = X·B` / `X·Bᵀ`: `dX = DSMM(dC, B, ¬transposeB)`, `dv = SDDMM` of `X` and `dC` (transposed reads).
 * - SparseLinear: the pre-activation is recomputed without the activation, then as DSMM with `transposeB`.
 * - SDDMM `o_p = ⟨A_{r_p}, B_{c_p}⟩·s_p`: `dA = S(do·s)·B`, `dB = S(do·s)ᵀ·A`, `ds = do·⟨A, B⟩`.
 * - SpMV: `dx = α·Aᵀ·dy`, `dv = α·dy_{r_p}·x_{c_p}`, `dy0 = β·dy`.
 * - SparseSoftmax: the SparseSoftmaxGrad kernel. FWHT: the FWHT of `dy` (H is symmetric).
 * - SparseConv1x1: as SparseLinear over the pixels (`[pixels, cin]` rows, NCHW transposed to them), with
 *   the clamp's gradient passed where the output lies strictly inside `(min, max)`.
 *
 * @module
 */
import {
  add,
  cast,
  erf,
  exp,
  type GradContext,
  gather,
  greater,
  less,
  logicalAnd,
  mul,
  registerGradient,
  reshape,
  runKernel,
  sigmoid,
  square,
  sub,
  sum,
  type Tensor,
  tanh,
  transpose,
} from '@sparseland/core';
import { csrTransposeParts } from './formats/convert.js';
import {
  type Activation,
  type CsrAttrs,
  DSMM,
  type DSMMAttrs,
  FWHT,
  type FWHTAttrs,
  SDDMM,
  type SDDMMAttrs,
  SparseConv1x1,
  type SparseConv1x1Attrs,
  SparseLinear,
  type SparseLinearAttrs,
  SparseSoftmax,
  type SparseSoftmaxAttrs,
  SparseSoftmaxGrad,
  SpMM,
  SpMV,
  type SpMVAttrs,
} from './kernel-names.js';

const input = (ctx: GradContext, name: string) => ctx.inputs[name] as Tensor;

/** @internal `Aᵀ·B` for a CSR `A` given by its arrays: transpose the structure, permute the values, SpMM. */
export function spmmTransposed(
  rowPtr: Tensor,
  colIdx: Tensor,
  values: Tensor,
  attrs: CsrAttrs,
  b: Tensor,
): Tensor {
  const [ptrT, idxT, perm] = csrTransposeParts(rowPtr, colIdx, attrs);
  const valuesT = attrs.nnz === 0 ? values : gather(values, perm);
  return runKernel(
    SpMM,
    { rowPtr: ptrT, colIdx: idxT, values: valuesT, b },
    { rows: attrs.cols, cols: attrs.rows, nnz: attrs.nnz, indexWidth: 32 },
  );
}

/** @internal SDDMM on a CSR pattern with optional transposed reads. */
export function sddmmOn(
  rowPtr: Tensor,
  colIdx: Tensor,
  attrs: CsrAttrs,
  a: Tensor,
  b: Tensor,
  k: number,
  transposeA: boolean,
  transposeB: boolean,
): Tensor {
  const { rows, cols, nnz, indexWidth } = attrs;
  return runKernel(
    SDDMM,
    { rowPtr, colIdx, a, b },
    { rows, cols, nnz, indexWidth, k, transposeA, transposeB },
  );
}

const csrAttrs = (a: CsrAttrs): CsrAttrs => ({
  rows: a.rows,
  cols: a.cols,
  nnz: a.nnz,
  indexWidth: a.indexWidth,
});

registerGradient(SpMM, ([dy], ctx) => {
  const attrs = csrAttrs(ctx.attrs as CsrAttrs);
  const rowPtr = input(ctx, 'rowPtr');
  const colIdx = input(ctx, 'colIdx');
  const b = input(ctx, 'b');
  return {
    b: () => spmmTransposed(rowPtr, colIdx, input(ctx, 'values'), attrs, dy!),
    values: () => sddmmOn(rowPtr, colIdx, attrs, dy!, b, b.shape[1]!, false, false),
  };
});

registerGradient(DSMM, ([dy], ctx) => {
  const { transposeB, ...rest } = ctx.attrs as DSMMAttrs;
  const attrs = csrAttrs(rest);
  const rowPtr = input(ctx, 'rowPtr');
  const colIdx = input(ctx, 'colIdx');
  const values = input(ctx, 'values');
  const a = input(ctx, 'a');
  const m = a.shape[0]!;
  return {
    a: () => runKernel(DSMM, { a: dy!, rowPtr, colIdx, values }, { ...attrs, transposeB: !transposeB }),
    // X·B: dv_p = Σ_i X[i, r_p]·dC[i, c_p];  X·Bᵀ: dv_p = Σ_i dC[i, r_p]·X[i, c_p]
    values: () =>
      transposeB
        ? sddmmOn(rowPtr, colIdx, attrs, dy!, a, m, true, true)
        : sddmmOn(rowPtr, colIdx, attrs, a, dy!, m, true, true),
  };
});

/** `dy·act'(z)` with core ops. */
function activationGrad(act: Activation, z: Tensor, dy: Tensor): Tensor {
  switch (act) {
    case 'relu':
      return mul(dy, cast(greater(z, 0), z.dtype));
    case 'sigmoid': {
      const s = sigmoid(z);
      return mul(dy, mul(s, sub(1, s)));
    }
    case 'tanh':
      return mul(dy, sub(1, square(tanh(z))));
    case 'silu': {
      const s = sigmoid(z);
      return mul(dy, mul(s, add(1, mul(z, sub(1, s)))));
    }
    case 'gelu': {
      // Φ(z) + z·φ(z)
      const cdf = mul(0.5, add(1, erf(mul(z, Math.SQRT1_2))));
      const pdf = mul(1 / Math.sqrt(2 * Math.PI), exp(mul(-0.5, square(z))));
      return mul(dy, add(cdf, mul(z, pdf)));
    }
    default:
      return dy;
  }
}

registerGradient(SparseLinear, ([dy], ctx) => {
  const { activation, ...rest } = ctx.attrs as SparseLinearAttrs;
  const attrs = csrAttrs(rest);
  const rowPtr = input(ctx, 'rowPtr');
  const colIdx = input(ctx, 'colIdx');
  const values = input(ctx, 'values');
  const x = input(ctx, 'x');
  const bias = ctx.inputs.bias as Tensor | undefined;
  let dz: Tensor | undefined;
  const dZ = () => {
    if (dz === undefined) {
      if (activation === 'none') dz = dy!;
      else {
        const inputs = { x, rowPtr, colIdx, values, ...(bias === undefined ? {} : { bias }) };
        const z = runKernel(SparseLinear, inputs, { ...attrs, activation: 'none' });
        dz = activationGrad(activation, z, dy!);
      }
    }
    return dz;
  };
  return {
    x: () => runKernel(DSMM, { a: dZ(), rowPtr, colIdx, values }, { ...attrs, transposeB: false }),
    values: () => sddmmOn(rowPtr, colIdx, attrs, dZ(), x, x.shape[0]!, true, true),
    bias: () => sum(dZ(), 0),
  };
});

registerGradient(SDDMM, ([dy], ctx) => {
  const { k, transposeA, transposeB, ...rest } = ctx.attrs as SDDMMAttrs;
  const attrs = csrAttrs(rest);
  const rowPtr = input(ctx, 'rowPtr');
  const colIdx = input(ctx, 'colIdx');
  const a = input(ctx, 'a');
  const b = input(ctx, 'b');
  const scale = ctx.inputs.scale as Tensor | undefined;
  const g = () => (scale === undefined ? dy! : mul(dy!, scale));
  // logical operands [rows, k] and [cols, k]
  const aL = () => (transposeA ? transpose(a) : a);
  const bL = () => (transposeB ? transpose(b) : b);
  return {
    a: () => {
      const dA = runKernel(SpMM, { rowPtr, colIdx, values: g(), b: bL() }, attrs);
      return transposeA ? transpose(dA) : dA;
    },
    b: () => {
      const dB = spmmTransposed(rowPtr, colIdx, g(), attrs, aL());
      return transposeB ? transpose(dB) : dB;
    },
    scale: () =>
      mul(dy!, runKernel(SDDMM, { rowPtr, colIdx, a, b }, { ...attrs, k, transposeA, transposeB })),
  };
});

registerGradient(SpMV, ([dy], ctx) => {
  const { alpha, beta, ...rest } = ctx.attrs as SpMVAttrs;
  const attrs = csrAttrs(rest);
  const rowPtr = input(ctx, 'rowPtr');
  const colIdx = input(ctx, 'colIdx');
  const x = input(ctx, 'x');
  const dyA = () => (alpha === 1 ? dy! : mul(dy!, alpha));
  return {
    x: () =>
      reshape(spmmTransposed(rowPtr, colIdx, input(ctx, 'values'), attrs, reshape(dyA(), [attrs.rows, 1])), [
        attrs.cols,
      ]),
    values: () =>
      sddmmOn(
        rowPtr,
        colIdx,
        attrs,
        reshape(dyA(), [attrs.rows, 1]),
        reshape(x, [attrs.cols, 1]),
        1,
        false,
        false,
      ),
    y: () => mul(dy!, beta),
  };
});

registerGradient(SparseSoftmax, ([dy], ctx) => {
  const attrs = ctx.attrs as SparseSoftmaxAttrs;
  return {
    values: () =>
      runKernel(SparseSoftmaxGrad, { rowPtr: input(ctx, 'rowPtr'), y: ctx.outputs[0]!, dy: dy! }, attrs),
  };
});

registerGradient(FWHT, ([dy], ctx) => ({
  x: () => runKernel(FWHT, { x: dy! }, ctx.attrs as FWHTAttrs),
}));

registerGradient(SparseConv1x1, ([dy], ctx) => {
  const { layout, min, max, ...rest } = ctx.attrs as SparseConv1x1Attrs;
  const attrs = csrAttrs(rest);
  const rowPtr = input(ctx, 'rowPtr');
  const colIdx = input(ctx, 'colIdx');
  const values = input(ctx, 'values');
  const x = input(ctx, 'x');
  const y = ctx.outputs[0]!;
  const [n, d1, d2, d3] = x.shape as [number, number, number, number];
  const pixels = layout === 'NCHW' ? n * d2 * d3 : n * d1 * d2;
  // [pixels, channels] rows of an activation (NCHW: channels last first)
  const rowsOf = (t: Tensor, channels: number) =>
    reshape(layout === 'NCHW' ? transpose(t, [0, 2, 3, 1]) : t, [pixels, channels]);
  let dz: Tensor | undefined;
  const dZ = () => {
    if (dz === undefined) {
      let g = dy!;
      if (min > Number.NEGATIVE_INFINITY || max < Number.POSITIVE_INFINITY)
        g = mul(g, cast(logicalAnd(greater(y, min), less(y, max)), g.dtype));
      dz = rowsOf(g, attrs.rows);
    }
    return dz;
  };
  return {
    x: () => {
      const dx = runKernel(DSMM, { a: dZ(), rowPtr, colIdx, values }, { ...attrs, transposeB: false });
      return layout === 'NCHW'
        ? transpose(reshape(dx, [n, d2, d3, attrs.cols]), [0, 3, 1, 2])
        : reshape(dx, x.shape);
    },
    values: () => sddmmOn(rowPtr, colIdx, attrs, dZ(), rowsOf(x, attrs.cols), pixels, true, true),
    bias: () => sum(dZ(), 0),
  };
});
