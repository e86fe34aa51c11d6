/**
 * `webgpu` fast Walsh–Hadamard transform along the last axis (natural order), by the Kronecker split
 * `H_N = H_{N/B} ⊗ H_B` with `B = min(N, 2048)`:
 *
 * 1. one dispatch transforms every contiguous block of `B` in workgroup memory (256 invocations, the
 *    `log2 B` butterfly stages separated by barriers);
 * 2. each remaining stage `h ≥ B` is one dispatch giving each invocation one pair `(j, j + h)` of a row,
 *    in place (each pair belongs to one invocation, and dispatches in a pass are ordered).
 *
 * The last step applies the normalisation, so `N ≤ 2048` takes a single dispatch.
 *
 * @module
 */
import { grid, threadGrid, Uniforms } from '@sparseland/core/extend';
import { FWHT } from '../../kernel-names.js';
import { whtScale } from '../cpu/FWHT.js';
import { defineWebGPUKernel, program, WG } from './common.js';

const BODY = [
  'let pairs = U(0u); let half = U(1u); let h = U(2u); let scale = UF(3u);',
  'if (gi >= pairs) { return; }',
  'let row = gi / half; let k = gi % half;',
  'let j = row * half * 2u + (k / h) * 2u * h + k % h;',
].join('\n');
const STORE = 'st_out(j, (a + c) * scale); st_out(j + h, (a - c) * scale);';

/** Elements a workgroup transforms in workgroup memory (8 KiB). */
export const FWHT_BLOCK_GPU = 2048;
/** Invocations of the block workgroup. */
const BLOCK_WG = 256;

const block = program('FWHT:block', 3, () => ({
  inputs: [{ name: 'x', type: 'f32' }],
  outputs: [{ name: 'out', type: 'f32' }],
  workgroup: BLOCK_WG,
  helpers: `var<workgroup> buf: array<f32, ${FWHT_BLOCK_GPU}>;`,
  body: [
    'let blocks = U(0u); let B = U(1u); let scale = UF(2u);',
    'if (wi >= blocks) { return; }', // uniform per workgroup
    'let base = wi * B;',
    `for (var e = lid; e < B; e += ${BLOCK_WG}u) { buf[e] = ld_x(base + e); }`,
    'for (var h = 1u; h < B; h <<= 1u) {',
    '  workgroupBarrier();',
    `  for (var k = lid; k < B / 2u; k += ${BLOCK_WG}u) {`,
    '    let j = (k / h) * 2u * h + k % h;',
    '    let a = buf[j]; let c = buf[j + h];',
    '    buf[j] = a + c; buf[j + h] = a - c;',
    '  }',
    '}',
    'workgroupBarrier();',
    `for (var e = lid; e < B; e += ${BLOCK_WG}u) { st_out(base + e, buf[e] * scale); }`,
  ].join('\n'),
}));

const stage = program('FWHT:stage', 4, () => ({
  inputs: [],
  outputs: [{ name: 'out', type: 'f32' }],
  workgroup: WG,
  body: `${BODY}\nlet a = ld_out(j); let c = ld_out(j + h);\n${STORE}`,
}));

/** Registration of {@link FWHT} on `webgpu` (float32). */
export const fwhtOnWebGPU = defineWebGPUKernel(FWHT, ({ inputs, attrs, backend }) => {
  const shape = inputs.x.shape;
  const len = shape[shape.length - 1]!;
  const size = shape.reduce((a, b) => a * b, 1);
  const out = backend.output(shape, 'float32', FWHT);
  if (size === 0) return out;
  const scale = whtScale(attrs.norm, len);
  const B = Math.min(len, FWHT_BLOCK_GPU);
  backend.run({
    program: block,
    inputs: [inputs.x],
    outputs: [out],
    uniforms: new Uniforms().u(size / B, B).f(B === len ? scale : 1),
    workgroups: grid(size / B),
  });
  const pairs = size / 2;
  const wg = threadGrid(pairs, WG);
  for (let h = B; h < len; h *= 2) {
    backend.run({
      program: stage,
      inputs: [],
      outputs: [out],
      uniforms: new Uniforms().u(pairs, len / 2, h).f(2 * h >= len ? scale : 1),
      workgroups: wg,
    });
  }
  return out;
});
