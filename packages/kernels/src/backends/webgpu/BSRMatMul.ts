/**
 * `webgpu` BSR matmul, `C[rows, n] = A·B` for BSR `A` with blocks `[br, bc]` and `B [cols, n]`. One
 * invocation per (row, quad of output columns) walks the stored blocks of its block row and their `bc`
 * entries in its row of each block; entries of edge blocks past the matrix are skipped.
 *
 * @module
 */
import { Uniforms } from '@sparseland/core/extend';
import { BSRMatMul } from '../../kernel-names.js';
import { defineWebGPUKernel, program, WG } from './common.js';
import { runRowQuads, storeQuad } from './SpMM.js';

const bsr = program('BSRMatMul', 6, () => ({
  inputs: [
    { name: 'rowPtr', type: 'u32' },
    { name: 'colIdx', type: 'u32' },
    { name: 'vals', type: 'f32' },
    { name: 'b', type: 'f32' },
  ],
  outputs: [{ name: 'out', type: 'f32' }],
  workgroup: WG,
  body: [
    'let rows = U(0u); let cols = U(1u); let n = U(2u); let quads = U(3u); let br = U(4u); let bc = U(5u);',
    'if (gi >= rows * quads) { return; }',
    'let r = gi / quads;',
    'let j = (gi % quads) * 4u;',
    'let I = r / br; let i = r % br;',
    'let size = br * bc;',
    'var acc = vec4<f32>();',
    'let end = ld_rowPtr(I + 1u);',
    'for (var p = ld_rowPtr(I); p < end; p++) {',
    '  let c0 = ld_colIdx(p) * bc;',
    '  let w = min(bc, cols - c0);',
    '  let vo = p * size + i * bc;',
    '  for (var t = 0u; t < w; t++) {',
    '    let v = ld_vals(vo + t);',
    '    let o = (c0 + t) * n + j;',
    '    acc += v * vec4<f32>(ld_b(o), ld_b(o + 1u), ld_b(o + 2u), ld_b(o + 3u));',
    '  }',
    '}',
    storeQuad('acc'),
  ].join('\n'),
}));

/** Registration of {@link BSRMatMul} on `webgpu` (float32). */
export const bsrMatmulOnWebGPU = defineWebGPUKernel(BSRMatMul, ({ inputs, attrs, backend }) => {
  const { rows, cols, br, bc } = attrs;
  const n = inputs.b.shape[1]!;
  return runRowQuads(
    backend,
    BSRMatMul,
    bsr,
    [inputs.rowPtr, inputs.colIdx, inputs.values, inputs.b],
    rows,
    n,
    (quads) => new Uniforms().u(rows, cols, n, quads, br, bc),
  );
});
