/**
 * `webgpu` sparse softmax and its gradient over the stored entries of each CSR row (spec §3.3), in two
 * variants chosen like SpMV's:
 *
 * - **scalar** (mean nnz/row below 32): one invocation per row makes the three passes (max, sum of
 *   exponentials, normalise) over its entries;
 * - **vector** (otherwise): one workgroup of 64 invocations per row, each pass strided over the row and the
 *   max and sum finished by tree reductions in workgroup memory.
 *
 * Empty rows write nothing (they own no entries). The gradient, `dx = scale·y·(dy − Σ_row y·dy)`, reduces
 * the row's dot product the same way.
 *
 * @module
 */
import type { TensorInfo } from '@sparseland/core';
import { type GpuProgram, grid, threadGrid, Uniforms, type WebGPUBackend } from '@sparseland/core/extend';
import { SparseSoftmax, SparseSoftmaxGrad } from '../../kernel-names.js';
import { defineWebGPUKernel, program, WG } from './common.js';
import { SPMV_VECTOR_THRESHOLD } from './SpMV.js';

/** The WGSL pieces of one variant. */
function variant(vector: boolean) {
  return {
    helpers: vector ? `var<workgroup> part: array<f32, ${WG}>;` : '',
    head: [
      vector ? 'let r = wi;' : 'let r = gi;',
      'if (r >= U(0u)) { return; }', // per workgroup in the vector variant: uniform
      'let start = ld_rowPtr(r); let end = ld_rowPtr(r + 1u);',
    ].join('\n'),
    /** A loop over the row's entries (this invocation's share of them). */
    each: (body: string) =>
      vector
        ? `for (var q = start + lid; q < end; q += ${WG}u) { ${body} }`
        : `for (var q = start; q < end; q++) { ${body} }`,
    /** `let name` = the row's reduction with `op` of every invocation's `local`. */
    reduce: (name: string, local: string, op: (a: string, b: string) => string) =>
      vector
        ? [
            `part[lid] = ${local};`,
            'workgroupBarrier();',
            `for (var h = ${WG / 2}u; h > 0u; h >>= 1u) {`,
            `  if (lid < h) { part[lid] = ${op('part[lid]', 'part[lid + h]')}; }`,
            '  workgroupBarrier();',
            '}',
            `let ${name} = part[0];`,
            'workgroupBarrier();',
          ].join('\n')
        : `let ${name} = ${local};`,
  };
}

function softmaxProgram(vector: boolean) {
  const v = variant(vector);
  return program(`SparseSoftmax:${vector ? 'vec' : 'scalar'}`, 3, () => ({
    inputs: [
      { name: 'rowPtr', type: 'u32' },
      { name: 'vals', type: 'f32' },
    ],
    outputs: [{ name: 'out', type: 'f32' }],
    workgroup: WG,
    helpers: v.helpers,
    body: [
      v.head,
      'let scale = UF(1u);',
      'let ninf = UF(2u);', // −∞ from the uniforms: a constant infinity does not compile in WGSL
      'var m = ninf;',
      v.each('m = max(m, scale * ld_vals(q));'),
      v.reduce('mx0', 'm', (a, b) => `max(${a}, ${b})`),
      // every logit −∞: exp gives 0/0 = NaN, as the cpu kernel and dense softmax do
      'let mx = select(mx0, 0.0, mx0 == ninf);',
      'var s = 0.0;',
      v.each('s += exp(scale * ld_vals(q) - mx);'),
      v.reduce('sum', 's', (a, b) => `${a} + ${b}`),
      v.each('st_out(q, exp(scale * ld_vals(q) - mx) / sum);'),
    ].join('\n'),
  }));
}

function softmaxGradProgram(vector: boolean) {
  const v = variant(vector);
  return program(`SparseSoftmaxGrad:${vector ? 'vec' : 'scalar'}`, 2, () => ({
    inputs: [
      { name: 'rowPtr', type: 'u32' },
      { name: 'y', type: 'f32' },
      { name: 'dy', type: 'f32' },
    ],
    outputs: [{ name: 'out', type: 'f32' }],
    workgroup: WG,
    helpers: v.helpers,
    body: [
      v.head,
      'var d = 0.0;',
      v.each('d += ld_y(q) * ld_dy(q);'),
      v.reduce('dot', 'd', (a, b) => `${a} + ${b}`),
      v.each('st_out(q, UF(1u) * ld_y(q) * (ld_dy(q) - dot));'),
    ].join('\n'),
  }));
}

/** Whether rows are long enough on average for a workgroup each. */
const isVector = (rows: number, nnz: number) => nnz >= SPMV_VECTOR_THRESHOLD * rows;

/**
 * Run the variant of `make` that suits the row lengths over `inputs` (`rowPtr` first) into a new
 * `[nnz]` output; the uniforms are `rows` then `floats`.
 */
function runRowwise(
  backend: WebGPUBackend,
  name: string,
  make: (vector: boolean) => GpuProgram,
  inputs: TensorInfo[],
  rows: number,
  nnz: number,
  floats: number[],
): TensorInfo {
  const out = backend.output([nnz], 'float32', name);
  if (nnz === 0) return out;
  const vector = isVector(rows, nnz);
  backend.run({
    program: make(vector),
    inputs,
    outputs: [out],
    uniforms: new Uniforms().u(rows).f(...floats),
    workgroups: vector ? grid(rows) : threadGrid(rows, WG),
  });
  return out;
}

/** Registration of {@link SparseSoftmax} on `webgpu` (float32). */
export const sparseSoftmaxOnWebGPU = defineWebGPUKernel(SparseSoftmax, ({ inputs, attrs, backend }) =>
  runRowwise(backend, SparseSoftmax, softmaxProgram, [inputs.rowPtr, inputs.values], attrs.rows, attrs.nnz, [
    attrs.scale,
    Number.NEGATIVE_INFINITY,
  ]),
);

/** Registration of {@link SparseSoftmaxGrad} on `webgpu` (float32). */
export const sparseSoftmaxGradOnWebGPU = defineWebGPUKernel(SparseSoftmaxGrad, ({ inputs, attrs, backend }) =>
  runRowwise(
    backend,
    SparseSoftmaxGrad,
    softmaxGradProgram,
    [inputs.rowPtr, inputs.y, inputs.dy],
    attrs.rows,
    attrs.nnz,
    [attrs.scale],
  ),
);
