/**
 * `webgpu` Bitmap64 matmul, `C[rows, n] = A·B` for Bitmap64 `A` and `B [cols, n]` (spec §2.5, §3.5). One
 * invocation per (row, quad of output columns):
 *
 * - axis `'row'` (a tile is 64 columns of one row): walk the set lanes of the row's tiles with
 *   `countLeadingZeros` (lane 0 is the MSB of `hi`), the values following in lane order;
 * - axis `'col'` (a tile is 64 rows of one column): the row is one lane of one tile per column, decoded in
 *   O(1): slot = `tileOffset[t]` + the set lanes before it, `popcount(hi >> (32−ℓ))` for ℓ < 32 and
 *   `popcount(hi) + popcount(lo >> (64−ℓ))` for ℓ ≥ 32. WGSL shift counts wrap modulo 32, so lanes 0
 *   and 32 (a shift by 32) are handled with `select`.
 *
 * @module
 */
import { Uniforms } from '@sparseland/core/extend';
import { BitmapMatMul } from '../../kernel-names.js';
import { defineWebGPUKernel, program, WG } from './common.js';
import { runRowQuads, storeQuad } from './SpMM.js';

const inputs = [
  { name: 'bits', type: 'u32' as const },
  { name: 'tileOffset', type: 'u32' as const },
  { name: 'vals', type: 'f32' as const },
  { name: 'b', type: 'f32' as const },
];
const HEAD = [
  'let rows = U(0u); let cols = U(1u); let n = U(2u); let quads = U(3u); let perLine = U(4u);',
  'if (gi >= rows * quads) { return; }',
  'let r = gi / quads;',
  'let j = (gi % quads) * 4u;',
  'var acc = vec4<f32>();',
].join('\n');
const ADD = 'let o = c * n + j; acc += v * vec4<f32>(ld_b(o), ld_b(o + 1u), ld_b(o + 2u), ld_b(o + 3u));';

const byRow = program('BitmapMatMul:row', 5, () => ({
  inputs,
  outputs: [{ name: 'out', type: 'f32' }],
  workgroup: WG,
  body: [
    HEAD,
    'for (var tt = 0u; tt < perLine; tt++) {',
    '  let t = r * perLine + tt;',
    '  var slot = ld_tileOffset(t);',
    '  for (var half = 0u; half < 2u; half++) {',
    '    var w = ld_bits(2u * t + half);',
    '    while (w != 0u) {',
    '      let lz = countLeadingZeros(w);',
    '      w = w & ~(0x80000000u >> lz);',
    '      let c = tt * 64u + half * 32u + lz;',
    '      let v = ld_vals(slot);',
    '      slot++;',
    `      ${ADD}`,
    '    }',
    '  }',
    '}',
    storeQuad('acc'),
  ].join('\n'),
}));

const byCol = program('BitmapMatMul:col', 5, () => ({
  inputs,
  outputs: [{ name: 'out', type: 'f32' }],
  workgroup: WG,
  body: [
    HEAD,
    'let tr = r / 64u; let lane = r % 64u;',
    'for (var c = 0u; c < cols; c++) {',
    '  let t = c * perLine + tr;',
    '  let hi = ld_bits(2u * t); let lo = ld_bits(2u * t + 1u);',
    '  let isSet = select((lo >> (63u - lane)) & 1u, (hi >> (31u - lane)) & 1u, lane < 32u);',
    '  if (isSet == 0u) { continue; }',
    // shifts by 32 wrap to 0 in WGSL: lane 0 and lane 32 take the select's other arm
    '  let before = select(',
    '    countOneBits(hi) + select(countOneBits(lo >> (64u - lane)), 0u, lane == 32u),',
    '    select(countOneBits(hi >> (32u - lane)), 0u, lane == 0u),',
    '    lane < 32u);',
    '  let v = ld_vals(ld_tileOffset(t) + before);',
    `  ${ADD}`,
    '}',
    storeQuad('acc'),
  ].join('\n'),
}));

/** Registration of {@link BitmapMatMul} on `webgpu` (float32). */
export const bitmapMatmulOnWebGPU = defineWebGPUKernel(BitmapMatMul, ({ inputs: ins, attrs, backend }) => {
  const { rows, cols, axis } = attrs;
  const n = ins.b.shape[1]!;
  const perLine = Math.ceil((axis === 'row' ? cols : rows) / 64);
  return runRowQuads(
    backend,
    BitmapMatMul,
    axis === 'row' ? byRow : byCol,
    [ins.bits, ins.tileOffset, ins.values, ins.b],
    rows,
    n,
    (quads) => new Uniforms().u(rows, cols, n, quads, perLine),
  );
});
