/**
 * `webgpu` N:M matmul, `Y[rows, n] = W·X` for N:M `W` and `X [cols, n]` (spec §3.4). One invocation per
 * (row, quad of output columns) walks the row's kept values, decoding each position from the packed
 * metadata with shift and mask (`pos = (word >> b·(j mod per)) & (2^b − 1)`); slots that fall in the zero
 * padding of the last group are skipped.
 *
 * @module
 */
import { Uniforms } from '@sparseland/core/extend';
import { bitsFor } from '../../internal/bits.js';
import { NMMatMul } from '../../kernel-names.js';
import { defineWebGPUKernel, program, WG } from './common.js';
import { runRowQuads, storeQuad } from './SpMM.js';

const nm = program('NMMatMul', 10, () => ({
  inputs: [
    { name: 'vals', type: 'f32' },
    { name: 'nmMeta', type: 'u32' },
    { name: 'b', type: 'f32' },
  ],
  outputs: [{ name: 'out', type: 'f32' }],
  workgroup: WG,
  body: [
    'let rows = U(0u); let cols = U(1u); let n = U(2u); let quads = U(3u);',
    'let keep = U(4u); let groupOf = U(5u); let bits = U(6u); let per = U(7u); let words = U(8u); let perRow = U(9u);',
    'if (gi >= rows * quads) { return; }',
    'let r = gi / quads;',
    'let j = (gi % quads) * 4u;',
    'let mask = (1u << bits) - 1u;',
    'var acc = vec4<f32>();',
    'for (var s = 0u; s < perRow; s++) {',
    '  let word = ld_nmMeta(r * words + s / per);',
    '  let c = (s / keep) * groupOf + ((word >> (bits * (s % per))) & mask);',
    '  if (c < cols) {',
    '    let v = ld_vals(r * perRow + s);',
    '    let o = c * n + j;',
    '    acc += v * vec4<f32>(ld_b(o), ld_b(o + 1u), ld_b(o + 2u), ld_b(o + 3u));',
    '  }',
    '}',
    storeQuad('acc'),
  ].join('\n'),
}));

/** Registration of {@link NMMatMul} on `webgpu` (float32). */
export const nmMatmulOnWebGPU = defineWebGPUKernel(NMMatMul, ({ inputs, attrs, backend }) => {
  const { rows, cols, keep, of } = attrs;
  const n = inputs.b.shape[1]!;
  const perRow = Math.ceil(cols / of) * keep;
  const bits = bitsFor(of);
  const per = Math.floor(32 / bits);
  const words = Math.ceil(perRow / per);
  return runRowQuads(backend, NMMatMul, nm, [inputs.values, inputs.meta, inputs.b], rows, n, (quads) =>
    new Uniforms().u(rows, cols, n, quads, keep, of, bits, per, words, perRow),
  );
});
