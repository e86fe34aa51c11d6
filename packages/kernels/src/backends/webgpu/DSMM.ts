/**
 * `webgpu` DSMM, dense × CSR: `C = X·Bᵀ` (`transposeB`, the Linear layer `x·Wᵀ`) or `C = X·B`.
 *
 * - `X·Bᵀ`: one invocation per output `(i, r)` takes the dot product of CSR row `r` with row `i` of `X`
 *   (consecutive invocations take consecutive `r`, so a workgroup reads one row of `X`).
 * - `X·B` (a scatter over `B`'s rows, no transpose): one workgroup per row `i` of `X` accumulates a tile of
 *   {@link DSMM_TILE} output columns in workgroup memory. It walks `B`'s rows in order; the 64 invocations
 *   share a row's nonzeros in the tile (distinct columns, so no two write the same slot and no atomics
 *   are needed), with a barrier between rows; the tile is then stored. Wider outputs take several tiles,
 *   each row's first entry in the tile found by binary search. Work is `O(m·(nnz/64 + rows·tiles))`
 *   barrier steps. When `X` has few rows, `B`'s rows are split into chunks (about 512 workgroups in
 *   all, at least 64 rows a chunk) whose partial sums a second dispatch adds in chunk order.
 *
 * {@link SparseLinear} is the same kernel with the bias and the activation fused into the store.
 *
 * @module
 */
import type { TensorInfo } from '@sparseland/core';
import { grid, threadGrid, Uniforms, type WebGPUBackend } from '@sparseland/core/extend';
import type { Activation, IndexWidth } from '../../kernel-names.js';
import { DSMM } from '../../kernel-names.js';
import { activationWgsl, defineWebGPUKernel, indexFn, program, WG } from './common.js';

/** Output columns a workgroup of the `X·B` scatter accumulates at once (8 KiB of workgroup memory). */
export const DSMM_TILE = 2048;

/** Workgroups the `X·B` scatter aims for: rows of `B` are split into chunks until `m·chunks` reaches it. */
const SCATTER_WORKGROUPS = 512;
/** Rows of `B` a chunk keeps at least. */
const SCATTER_MIN_ROWS = 64;
/** Largest partial-sum buffer of the chunked scatter, in elements (64 MiB). */
const SCATTER_MAX_PARTIAL = 1 << 24;

/** Sum of `chunks` partials `[chunks, size]` into `out [size]`, in chunk order. */
const sumChunks = program('DSMM:sumChunks', 2, () => ({
  inputs: [{ name: 'part', type: 'f32' }],
  outputs: [{ name: 'out', type: 'f32' }],
  workgroup: WG,
  body: [
    'let size = U(0u); let chunks = U(1u);',
    'if (gi >= size) { return; }',
    'var s = 0.0;',
    'for (var c = 0u; c < chunks; c++) { s += ld_part(c * size + gi); }',
    'st_out(gi, s);',
  ].join('\n'),
}));

/** The `X·B` scatter program (see the module comment). */
function scatterProgram(indexWidth: IndexWidth) {
  return program(`DSMM:scatter:${indexWidth}`, 5, () => ({
    inputs: [
      { name: 'a', type: 'f32' },
      { name: 'rowPtr', type: 'u32' },
      { name: 'colIdx', type: 'u32' },
      { name: 'vals', type: 'f32' },
    ],
    outputs: [{ name: 'out', type: 'f32' }],
    workgroup: WG,
    helpers: [indexFn('col_at', 'colIdx', indexWidth), `var<workgroup> acc: array<f32, ${DSMM_TILE}>;`].join(
      '\n',
    ),
    body: [
      // workgroup wi: row i of X, rows [k0, k1) of B (chunk ch); partial sums go to out[ch, i, :]
      'let m = U(0u); let rows = U(1u); let cols = U(2u); let chunk = U(3u);',
      'if (wi >= m * U(4u)) { return; }', // uniform per workgroup
      'let i = wi % m; let ch = wi / m;',
      'let k0 = ch * chunk; let k1 = min(k0 + chunk, rows);',
      'let xo = i * rows;',
      'let oo = (ch * m + i) * cols;',
      `for (var t0 = 0u; t0 < cols; t0 += ${DSMM_TILE}u) {`,
      `  let t1 = min(t0 + ${DSMM_TILE}u, cols);`,
      `  for (var c = lid; c < ${DSMM_TILE}u; c += ${WG}u) { acc[c] = 0.0; }`,
      '  workgroupBarrier();',
      '  for (var k = k0; k < k1; k++) {',
      '    let xv = ld_a(xo + k);',
      '    var lo = ld_rowPtr(k); var hi = ld_rowPtr(k + 1u); let end = hi;',
      '    if (t0 > 0u) {',
      '      while (lo < hi) { let mid = (lo + hi) >> 1u; if (col_at(mid) < t0) { lo = mid + 1u; } else { hi = mid; } }',
      '    }',
      `    for (var q = lo + lid; q < end; q += ${WG}u) {`,
      '      let c = col_at(q);',
      '      if (c >= t1) { break; }',
      '      acc[c - t0] += xv * ld_vals(q);',
      '    }',
      '    workgroupBarrier();',
      '  }',
      `  for (var c = t0 + lid; c < t1; c += ${WG}u) { st_out(oo + c, acc[c - t0]); }`,
      '  workgroupBarrier();',
      '}',
    ].join('\n'),
  }));
}

/** Static facts of a row-dot program. */
export interface RowDotOptions {
  /** Width of the stored indices. */
  indexWidth: IndexWidth;
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
 * row-major, then clamped to `[min, max]` with `clamp`. Inputs in order: `ptr`, `idx`, `vals`, `x`,
 * (`bias`).
 */
function rowDotProgram(o: RowDotOptions) {
  const key = `${o.name}:rowdot:${o.indexWidth}:${o.bias ? 'bias' : '-'}:${o.activation}${o.clamp === true ? ':clamp' : ''}`;
  return program(key, 5, () => ({
    inputs: [
      { name: 'ptr', type: 'u32' },
      { name: 'idx', type: 'u32' },
      { name: 'vals', type: 'f32' },
      { name: 'x', type: 'f32' },
      ...(o.bias ? [{ name: 'bias', type: 'f32' as const }] : []),
    ],
    outputs: [{ name: 'out', type: 'f32' }],
    workgroup: WG,
    helpers: [
      indexFn('idx_at', 'idx', o.indexWidth),
      'fn val_at(q: u32) -> f32 { return ld_vals(q); }',
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
 * `bias`, `activation` and the clamp to `range` are fused.
 */
export function runRowDot(
  backend: WebGPUBackend,
  o: RowDotOptions,
  t: {
    ptr: TensorInfo;
    idx: TensorInfo;
    vals: TensorInfo;
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
  const inputs = [t.ptr, t.idx, t.vals, t.x];
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
  const plain = { bias: false, activation: 'none' as const, name: DSMM };
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
  const out = backend.output([m, cols], 'float32', DSMM);
  if (m * cols === 0) return out;
  // few rows of X leave most of the GPU idle: split B's rows into chunks, each workgroup summing one
  // chunk into a partial, then add the partials in chunk order
  const chunks = Math.max(
    1,
    Math.min(
      Math.ceil(SCATTER_WORKGROUPS / m),
      Math.ceil(rows / SCATTER_MIN_ROWS),
      Math.floor(SCATTER_MAX_PARTIAL / (m * cols)),
    ),
  );
  const chunk = Math.max(1, Math.ceil(rows / chunks));
  const used = Math.max(1, Math.ceil(rows / chunk));
  const partial = used === 1 ? out : backend.output([used, m, cols], 'float32', DSMM);
  backend.run({
    program: scatterProgram(indexWidth),
    inputs: [inputs.a, inputs.rowPtr, inputs.colIdx, inputs.values],
    outputs: [partial],
    uniforms: new Uniforms().u(m, rows, cols, chunk, used),
    workgroups: grid(m * used),
  });
  if (partial !== out) {
    backend.run({
      program: sumChunks,
      inputs: [partial],
      outputs: [out],
      uniforms: new Uniforms().u(m * cols, used),
      workgroups: threadGrid(m * cols, WG),
    });
    backend.disposeData(partial.dataId);
  }
  return out;
});
