/**
 * Selection kernels on `webgpu`: Sort and TopK (bitonic sort), Gather, ScatterAdd, OneHot.
 *
 * **Sort/TopK.** Each line is copied into a scratch row padded to a power of two `P`, as (key, index)
 * pairs, and sorted by a bitonic network of `log2(P) (log2(P) + 1) / 2` dispatches, all lines at once.
 * Pairs compare by key, then by index, so the order is total and the result equals a stable sort: ties
 * keep their original order, NaN sorts last ascending and first descending (as the `cpu` kernels).
 *
 * **Gather** skips indices outside `[0, n)` (their output is 0). **ScatterAdd** is deterministic: one
 * thread per element of `x` adds, in index order, every update whose index names it (out-of-range
 * indices name nothing), so float sums do not depend on scheduling. It costs `size(x) * size(indices)`
 * comparisons, fine for gradients of gathers over modest axes.
 *
 * @module
 */
import type { TensorInfo } from '../../../backend/backend.js';
import { sizeOf } from '../../../internal/shape.js';
import type { DType } from '../../../tensor/dtype.js';
import { threadGrid, Uniforms, wgslType } from '../program.js';
import { defineGpuKernel, type WebGPUBackend } from '../webgpu-backend.js';
import { WGSL_BITS } from '../wgsl-math.js';
import { program, tag, WG } from './common.js';
import { pushScalar } from './layout.js';

/** Index of padding entries in a sort row: after every real entry. */
const PAD = 0x7fffffff;

/** WGSL `before(ka, ia, kb, ib)`: whether entry a sorts before entry b. */
function beforeFn(dtype: DType, descending: boolean): string {
  const t = wgslType(dtype);
  const nan =
    t === 'f32'
      ? `  let na = is_nan(ka); let nb = is_nan(kb);
  if (na || nb) { if (na && nb) { return ia < ib; } return ${descending ? 'na' : 'nb'}; }\n`
      : '';
  return `fn before(ka: ${t}, ia: i32, kb: ${t}, ib: i32) -> bool {
  if (ia == ${PAD}) { return false; }
  if (ib == ${PAD}) { return true; }
${nan}  if (ka == kb) { return ia < ib; }
  return ${descending ? 'ka > kb' : 'ka < kb'};
}`;
}

/** Sorted scratch rows of `lines` lines of `n` entries (stride `inner`), padded to `P`. */
function bitonic(
  backend: WebGPUBackend,
  x: TensorInfo,
  lines: number,
  n: number,
  inner: number,
  descending: boolean,
  fn: string,
): { keys: TensorInfo; idx: TensorInfo; P: number } {
  const P = 2 ** Math.ceil(Math.log2(Math.max(n, 1)));
  const total = lines * P;
  const keys = backend.output([total], x.dtype, fn);
  const idx = backend.output([total], 'int32', fn);
  const t = wgslType(x.dtype);
  const init = program(`SortInit:${tag(x.dtype)}`, 4, () => ({
    inputs: [{ name: 'x', type: t }],
    outputs: [
      { name: 'keys', type: t },
      { name: 'idx', type: 'i32' },
    ],
    workgroup: WG,
    body: [
      'if (gi >= U(0u)) { return; }',
      'let P = U(1u); let n = U(2u); let inner = U(3u);',
      'let line = gi / P; let p = gi % P;',
      'if (p < n) {',
      '  st_keys(gi, ld_x((line / inner) * n * inner + line % inner + p * inner));',
      '  st_idx(gi, i32(p));',
      `} else { st_keys(gi, ${t}()); st_idx(gi, ${PAD}); }`,
    ].join('\n'),
  }));
  backend.run({
    program: init,
    inputs: [x],
    outputs: [keys, idx],
    uniforms: new Uniforms().u(total, P, n, inner),
    workgroups: threadGrid(total, WG),
  });
  const step = program(`SortStep:${tag(x.dtype)}:${descending ? 'd' : 'a'}`, 4, () => ({
    inputs: [],
    outputs: [
      { name: 'keys', type: t },
      { name: 'idx', type: 'i32' },
    ],
    workgroup: WG,
    helpers: `${WGSL_BITS}\n${beforeFn(x.dtype, descending)}`,
    body: [
      'if (gi >= U(0u)) { return; }',
      'let P = U(1u); let k = U(2u); let j = U(3u);',
      'let i = gi % P; let l = i ^ j;',
      'if (l <= i) { return; }',
      'let a = gi; let b = gi - i + l;',
      'let ka = ld_keys(a); let ia = ld_idx(a); let kb = ld_keys(b); let ib = ld_idx(b);',
      // ascending blocks put the earlier entry at i, descending blocks at l
      'let swap = select(before(ka, ia, kb, ib), before(kb, ib, ka, ia), (i & k) == 0u);',
      'if (swap) { st_keys(a, kb); st_idx(a, ib); st_keys(b, ka); st_idx(b, ia); }',
    ].join('\n'),
  }));
  for (let k = 2; k <= P; k *= 2) {
    for (let j = k / 2; j >= 1; j /= 2) {
      backend.run({
        program: step,
        inputs: [],
        outputs: [keys, idx],
        uniforms: new Uniforms().u(total, P, k, j),
        workgroups: threadGrid(total, WG),
      });
    }
  }
  return { keys, idx, P };
}

defineGpuKernel('Sort', ({ inputs: { x }, attrs: { axis, descending }, backend }) => {
  const values = backend.output(x.shape, x.dtype, 'Sort');
  const indices = backend.output(x.shape, 'int32', 'Sort');
  const n = x.shape[axis]!;
  const outer = sizeOf(x.shape.slice(0, axis));
  const inner = sizeOf(x.shape.slice(axis + 1));
  const lines = outer * inner;
  if (lines === 0 || n === 0) return [values, indices];
  const { keys, idx, P } = bitonic(backend, x, lines, n, inner, descending, 'Sort');
  const t = wgslType(x.dtype);
  const total = lines * n;
  const p = program(`SortOut:${tag(x.dtype)}`, 4, () => ({
    inputs: [
      { name: 'keys', type: t },
      { name: 'idx', type: 'i32' },
    ],
    outputs: [
      { name: 'vals', type: t },
      { name: 'inds', type: 'i32' },
    ],
    workgroup: WG,
    body: [
      'if (gi >= U(0u)) { return; }',
      'let P = U(1u); let n = U(2u); let inner = U(3u);',
      'let line = gi / n; let p = gi % n;',
      'let at = (line / inner) * n * inner + line % inner + p * inner;',
      'st_vals(at, ld_keys(line * P + p));',
      'st_inds(at, ld_idx(line * P + p));',
    ].join('\n'),
  }));
  backend.run({
    program: p,
    inputs: [keys, idx],
    outputs: [values, indices],
    uniforms: new Uniforms().u(total, P, n, inner),
    workgroups: threadGrid(total, WG),
  });
  backend.disposeData(keys.dataId);
  backend.disposeData(idx.dataId);
  return [values, indices];
});

defineGpuKernel('TopK', ({ inputs: { x }, attrs: { k, largest }, backend }) => {
  const n = x.shape[x.shape.length - 1]!;
  const outShape = [...x.shape.slice(0, -1), k];
  const values = backend.output(outShape, x.dtype, 'TopK');
  const indices = backend.output(outShape, 'int32', 'TopK');
  const rows = sizeOf(x.shape.slice(0, -1));
  if (rows === 0 || k === 0) return [values, indices];
  const { keys, idx, P } = bitonic(backend, x, rows, n, 1, largest, 'TopK');
  const t = wgslType(x.dtype);
  const total = rows * k;
  const p = program(`TopKOut:${tag(x.dtype)}`, 3, () => ({
    inputs: [
      { name: 'keys', type: t },
      { name: 'idx', type: 'i32' },
    ],
    outputs: [
      { name: 'vals', type: t },
      { name: 'inds', type: 'i32' },
    ],
    workgroup: WG,
    body: [
      'if (gi >= U(0u)) { return; }',
      'let P = U(1u); let k = U(2u);',
      'let src = (gi / k) * P + gi % k;',
      'st_vals(gi, ld_keys(src));',
      'st_inds(gi, ld_idx(src));',
    ].join('\n'),
  }));
  backend.run({
    program: p,
    inputs: [keys, idx],
    outputs: [values, indices],
    uniforms: new Uniforms().u(total, P, k),
    workgroups: threadGrid(total, WG),
  });
  backend.disposeData(keys.dataId);
  backend.disposeData(idx.dataId);
  return [values, indices];
});

defineGpuKernel('Gather', ({ inputs: { x, indices }, attrs: { axis }, backend }) => {
  const outShape = [...x.shape.slice(0, axis), ...indices.shape, ...x.shape.slice(axis + 1)];
  const out = backend.output(outShape, x.dtype, 'Gather');
  const total = sizeOf(outShape);
  const n = x.shape[axis]!;
  const inner = sizeOf(x.shape.slice(axis + 1));
  const m = sizeOf(indices.shape);
  const t = wgslType(x.dtype);
  const p = program(`Gather:${tag(x.dtype)}`, 4, () => ({
    inputs: [
      { name: 'x', type: t },
      { name: 'ind', type: 'i32' },
    ],
    outputs: [{ name: 'y', type: t }],
    workgroup: WG,
    body: [
      'if (gi >= U(0u)) { return; }',
      'let m = U(1u); let n = U(2u); let inner = U(3u);',
      'let o = gi / (m * inner); let rem = gi % (m * inner);',
      'let which = ld_ind(rem / inner);',
      // out-of-range indices are skipped: their output stays 0
      `if (which < 0 || u32(which) >= n) { st_y(gi, ${t}()); return; }`,
      'st_y(gi, ld_x((o * n + u32(which)) * inner + rem % inner));',
    ].join('\n'),
  }));
  backend.run({
    program: p,
    inputs: [x, indices],
    outputs: [out],
    uniforms: new Uniforms().u(total, m, n, inner),
    workgroups: threadGrid(total, WG),
  });
  return out;
});

defineGpuKernel('ScatterAdd', ({ inputs: { x, indices, updates }, attrs: { axis }, backend }) => {
  const out = backend.output(x.shape, x.dtype, 'ScatterAdd');
  const total = sizeOf(x.shape);
  const n = x.shape[axis]!;
  const inner = sizeOf(x.shape.slice(axis + 1));
  const m = sizeOf(indices.shape);
  const t = wgslType(x.dtype);
  const add = t === 'u32' ? '(acc + ld_u(src)) & 0xffu' : 'acc + ld_u(src)';
  const p = program(`ScatterAdd:${tag(x.dtype)}`, 4, () => ({
    inputs: [
      { name: 'x', type: t },
      { name: 'ind', type: 'i32' },
      { name: 'u', type: t },
    ],
    outputs: [{ name: 'y', type: t }],
    workgroup: WG,
    body: [
      'if (gi >= U(0u)) { return; }',
      'let m = U(1u); let n = U(2u); let inner = U(3u);',
      'let o = gi / (n * inner); let rem = gi % (n * inner);',
      'let d = i32(rem / inner); let i = rem % inner;',
      'var acc = ld_x(gi);',
      'for (var j = 0u; j < m; j++) {',
      `  if (ld_ind(j) == d) { let src = (o * m + j) * inner + i; acc = ${add}; }`,
      '}',
      'st_y(gi, acc);',
    ].join('\n'),
  }));
  backend.run({
    program: p,
    inputs: [x, indices, updates],
    outputs: [out],
    uniforms: new Uniforms().u(total, m, n, inner),
    workgroups: threadGrid(total, WG),
  });
  return out;
});

defineGpuKernel('OneHot', ({ inputs: { indices }, attrs: { depth, onValue, offValue, dtype }, backend }) => {
  const out = backend.output([...indices.shape, depth], dtype, 'OneHot');
  const total = sizeOf(indices.shape) * depth;
  const t = wgslType(dtype);
  const u = new Uniforms().u(total, depth);
  pushScalar(u, onValue, dtype);
  pushScalar(u, offValue, dtype);
  const p = program(`OneHot:${tag(dtype)}`, 4, () => ({
    inputs: [{ name: 'ind', type: 'i32' }],
    outputs: [{ name: 'y', type: t }],
    workgroup: WG,
    body: [
      'if (gi >= U(0u)) { return; }',
      'let depth = U(1u);',
      'let c = ld_ind(gi / depth);',
      `st_y(gi, bitcast<${t}>(select(U(3u), U(2u), c >= 0 && u32(c) == gi % depth)));`,
    ].join('\n'),
  }));
  backend.run({
    program: p,
    inputs: [indices],
    outputs: [out],
    uniforms: u,
    workgroups: threadGrid(total, WG),
  });
  return out;
});
