/**
 * `webgpu` sparse softmax and its gradient over the stored entries of each CSR row (spec §3.3). One
 * workgroup of 64 invocations per row: a strided pass and a tree reduction in workgroup memory for the
 * maximum, another for the sum of exponentials, then each invocation writes its share. Empty rows write
 * nothing (they own no entries). The gradient reduces `Σ_row y·dy` the same way.
 *
 * @module
 */
import { grid, Uniforms } from '@sparseland/core/extend';
import { SparseSoftmax, SparseSoftmaxGrad } from '../../kernel-names.js';
import { defineWebGPUKernel, program, WG } from './common.js';

/** WGSL: reduce `part[0..WG)` into `part[0]` with `op`, then read it into `name` (all invocations). */
function reduce(name: string, op: (a: string, b: string) => string): string {
  return [
    'workgroupBarrier();',
    `for (var h = ${WG / 2}u; h > 0u; h >>= 1u) {`,
    `  if (lid < h) { part[lid] = ${op('part[lid]', 'part[lid + h]')}; }`,
    '  workgroupBarrier();',
    '}',
    `let ${name} = part[0];`,
    'workgroupBarrier();',
  ].join('\n');
}

const HEAD = [
  'let r = wi;',
  'if (r >= U(0u)) { return; }',
  'let start = ld_rowPtr(r); let end = ld_rowPtr(r + 1u);',
].join('\n');

const softmax = program('SparseSoftmax', 3, () => ({
  inputs: [
    { name: 'rowPtr', type: 'u32' },
    { name: 'vals', type: 'f32' },
  ],
  outputs: [{ name: 'out', type: 'f32' }],
  workgroup: WG,
  helpers: `var<workgroup> part: array<f32, ${WG}>;`,
  body: [
    HEAD,
    'let scale = UF(1u);',
    'let ninf = UF(2u);', // −∞ from the uniforms: a constant infinity does not compile in WGSL
    'var m = ninf;',
    `for (var q = start + lid; q < end; q += ${WG}u) { m = max(m, scale * ld_vals(q)); }`,
    'part[lid] = m;',
    reduce('mx0', (a, b) => `max(${a}, ${b})`),
    // every logit −∞: exp gives 0/0 = NaN, as the cpu kernel and dense softmax do
    'let mx = select(mx0, 0.0, mx0 == ninf);',
    'var s = 0.0;',
    `for (var q = start + lid; q < end; q += ${WG}u) { s += exp(scale * ld_vals(q) - mx); }`,
    'part[lid] = s;',
    reduce('sum', (a, b) => `${a} + ${b}`),
    `for (var q = start + lid; q < end; q += ${WG}u) { st_out(q, exp(scale * ld_vals(q) - mx) / sum); }`,
  ].join('\n'),
}));

const softmaxGrad = program('SparseSoftmaxGrad', 2, () => ({
  inputs: [
    { name: 'rowPtr', type: 'u32' },
    { name: 'y', type: 'f32' },
    { name: 'dy', type: 'f32' },
  ],
  outputs: [{ name: 'out', type: 'f32' }],
  workgroup: WG,
  helpers: `var<workgroup> part: array<f32, ${WG}>;`,
  body: [
    HEAD,
    'var d = 0.0;',
    `for (var q = start + lid; q < end; q += ${WG}u) { d += ld_y(q) * ld_dy(q); }`,
    'part[lid] = d;',
    reduce('dot', (a, b) => `${a} + ${b}`),
    `for (var q = start + lid; q < end; q += ${WG}u) { st_out(q, UF(1u) * ld_y(q) * (ld_dy(q) - dot)); }`,
  ].join('\n'),
}));

/** Registration of {@link SparseSoftmax} on `webgpu` (float32). */
export const sparseSoftmaxOnWebGPU = defineWebGPUKernel(SparseSoftmax, ({ inputs, attrs, backend }) => {
  const out = backend.output([attrs.nnz], 'float32', SparseSoftmax);
  if (attrs.nnz === 0) return out;
  backend.run({
    program: softmax,
    inputs: [inputs.rowPtr, inputs.values],
    outputs: [out],
    uniforms: new Uniforms().u(attrs.rows).f(attrs.scale, Number.NEGATIVE_INFINITY),
    workgroups: grid(attrs.rows),
  });
  return out;
});

/** Registration of {@link SparseSoftmaxGrad} on `webgpu` (float32). */
export const sparseSoftmaxGradOnWebGPU = defineWebGPUKernel(
  SparseSoftmaxGrad,
  ({ inputs, attrs, backend }) => {
    const out = backend.output([attrs.nnz], 'float32', SparseSoftmaxGrad);
    if (attrs.nnz === 0) return out;
    backend.run({
      program: softmaxGrad,
      inputs: [inputs.rowPtr, inputs.y, inputs.dy],
      outputs: [out],
      uniforms: new Uniforms().u(attrs.rows).f(attrs.scale),
      workgroups: grid(attrs.rows),
    });
    return out;
  },
);
