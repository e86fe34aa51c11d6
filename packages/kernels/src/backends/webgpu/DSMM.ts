/**
 * `webgpu` DSMM, dense × CSR: `C = X·Bᵀ` (`transposeB`, the Linear layer `x·Wᵀ`) or `C = X·B`.
 *
 * - `X·Bᵀ`: one invocation per output `(i, r)` takes the dot product of CSR row `r` with row `i` of `X`
 *   (consecutive invocations take consecutive `r`, so a workgroup reads one row of `X`).
 * - `X·B`: the structure of `B` is transposed on the GPU first ({@link csrTransposeGpu}), then the same
 *   row-dot kernel runs over the columns of `B`, reading each value through the permutation (no copy of
 *   the values is made).
 *
 * {@link SparseLinear} is the same kernel with the bias and the activation fused into the store.
 *
 * @module
 */
import type { TensorInfo } from '@sparseland/core';
import { threadGrid, Uniforms, type WebGPUBackend } from '@sparseland/core/extend';
import type { Activation, IndexWidth } from '../../kernel-names.js';
import { DSMM } from '../../kernel-names.js';
import { csrTransposeGpu } from './CsrTranspose.js';
import { activationWgsl, defineWebGPUKernel, indexFn, program, WG } from './common.js';

/** Static facts of a row-dot program. */
export interface RowDotOptions {
  /** Width of the stored indices. */
  indexWidth: IndexWidth;
  /** Values are read through a permutation (`vals[perm[q]]`). */
  perm: boolean;
  /** A bias `[R]` is added before the activation. */
  bias: boolean;
  /** Activation applied to each output. */
  activation: Activation;
  /** Kernel name, for the cache key and labels. */
  name: string;
  /** Clamp each output to `[min, max]` after the activation (uniform words 3 and 4). */
  clamp?: boolean;
}

/**
 * `out[i, r] = act(Σ_{q ∈ row r} vals[q]·x[i, idx[q]] + bias[r])` for `i < m`, `r < R`, with `x [m, K]`
 * row-major, then clamped to `[min, max]` with `clamp`. Inputs in order: `ptr`, `idx`, `vals`, (`perm`), `x`,
 * (`bias`).
 */
export function rowDotProgram(o: RowDotOptions) {
  const key = `${o.name}:rowdot:${o.indexWidth}:${o.perm ? 'perm' : '-'}:${o.bias ? 'bias' : '-'}:${o.activation}${o.clamp === true ? ':clamp' : ''}`;
  return program(key, 5, () => ({
    inputs: [
      { name: 'ptr', type: 'u32' },
      { name: 'idx', type: 'u32' },
      { name: 'vals', type: 'f32' },
      ...(o.perm ? [{ name: 'perm', type: 'u32' as const }] : []),
      { name: 'x', type: 'f32' },
      ...(o.bias ? [{ name: 'bias', type: 'f32' as const }] : []),
    ],
    outputs: [{ name: 'out', type: 'f32' }],
    workgroup: WG,
    helpers: [
      indexFn('idx_at', 'idx', o.indexWidth),
      o.perm
        ? 'fn val_at(q: u32) -> f32 { return ld_vals(ld_perm(q)); }'
        : 'fn val_at(q: u32) -> f32 { return ld_vals(q); }',
      activationWgsl(o.activation),
    ].join('\n'),
    body: [
      'let m = U(0u); let R = U(1u); let K = U(2u);',
      'if (gi >= m * R) { return; }',
      'let i = gi / R; let r = gi % R;',
      'let xo = i * K;',
      'let end = ld_ptr(r + 1u);',
      'var q = ld_ptr(r);',
      'var s0 = 0.0; var s1 = 0.0;',
      'for (; q + 1u < end; q += 2u) {',
      '  s0 += val_at(q) * ld_x(xo + idx_at(q));',
      '  s1 += val_at(q + 1u) * ld_x(xo + idx_at(q + 1u));',
      '}',
      'if (q < end) { s0 += val_at(q) * ld_x(xo + idx_at(q)); }',
      `let y = act(s0 + s1${o.bias ? ' + ld_bias(r)' : ''});`,
      o.clamp === true ? 'st_out(gi, min(max(y, UF(3u)), UF(4u)));' : 'st_out(gi, y);',
    ].join('\n'),
  }));
}

/**
 * Run a row-dot product: `out [m, R]` from compressed `(ptr [R+1], idx, vals)` and `x [m, K]`.
 * `perm` reads values through a permutation; `bias`, `activation` and the clamp to `range` are fused.
 */
export function runRowDot(
  backend: WebGPUBackend,
  o: RowDotOptions,
  t: {
    ptr: TensorInfo;
    idx: TensorInfo;
    vals: TensorInfo;
    perm?: TensorInfo;
    x: TensorInfo;
    bias?: TensorInfo;
  },
  m: number,
  R: number,
  K: number,
  range: readonly [number, number] = [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY],
): TensorInfo {
  const out = backend.output([m, R], 'float32', o.name);
  if (m * R === 0) return out;
  const inputs = [t.ptr, t.idx, t.vals];
  if (t.perm !== undefined) inputs.push(t.perm);
  inputs.push(t.x);
  if (t.bias !== undefined) inputs.push(t.bias);
  backend.run({
    program: rowDotProgram(o),
    inputs,
    outputs: [out],
    uniforms: new Uniforms().u(m, R, K).f(range[0], range[1]),
    workgroups: threadGrid(m * R, WG),
  });
  return out;
}

/** Registration of {@link DSMM} on `webgpu` (float32). */
export const dsmmOnWebGPU = defineWebGPUKernel(DSMM, ({ inputs, attrs, backend }) => {
  const { rows, cols, indexWidth, transposeB } = attrs;
  const m = inputs.a.shape[0]!;
  const plain = { perm: false, bias: false, activation: 'none' as const, name: DSMM };
  if (transposeB) {
    return runRowDot(
      backend,
      { ...plain, indexWidth },
      { ptr: inputs.rowPtr, idx: inputs.colIdx, vals: inputs.values, x: inputs.a },
      m,
      rows,
      cols,
    );
  }
  // X·B = rows of X dotted with the columns of B: transpose B's structure first
  const [colPtr, rowIdx, perm] = csrTransposeGpu(backend, inputs.rowPtr, inputs.colIdx, attrs);
  try {
    return runRowDot(
      backend,
      { ...plain, indexWidth: 32, perm: true },
      { ptr: colPtr, idx: rowIdx, vals: inputs.values, perm, x: inputs.a },
      m,
      cols,
      rows,
    );
  } finally {
    for (const t of [colPtr, rowIdx, perm]) backend.disposeData(t.dataId);
  }
});
