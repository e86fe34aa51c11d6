/**
 * `webgpu` fast Walsh–Hadamard transform along the last axis (natural order), `log2 N` dispatches of
 * butterflies: stage `h` gives each invocation one pair `(j, j + h)` of one row. The first stage reads the
 * input and writes the output; the others update the output in place (each pair belongs to one invocation,
 * and dispatches in a pass are ordered); the last one applies the normalisation.
 *
 * @module
 */
import { threadGrid, Uniforms } from '@sparseland/core/extend';
import { FWHT } from '../../kernel-names.js';
import { whtScale } from '../cpu/FWHT.js';
import { defineWebGPUKernel, program, sizeOf, WG } from './common.js';

const BODY = [
  'let pairs = U(0u); let half = U(1u); let h = U(2u); let scale = UF(3u);',
  'if (gi >= pairs) { return; }',
  'let row = gi / half; let k = gi % half;',
  'let j = row * half * 2u + (k / h) * 2u * h + k % h;',
].join('\n');
const STORE = 'st_out(j, (a + c) * scale); st_out(j + h, (a - c) * scale);';

const first = program('FWHT:first', 4, () => ({
  inputs: [{ name: 'x', type: 'f32' }],
  outputs: [{ name: 'out', type: 'f32' }],
  workgroup: WG,
  body: `${BODY}\nlet a = ld_x(j); let c = ld_x(j + h);\n${STORE}`,
}));

const stage = program('FWHT:stage', 4, () => ({
  inputs: [],
  outputs: [{ name: 'out', type: 'f32' }],
  workgroup: WG,
  body: `${BODY}\nlet a = ld_out(j); let c = ld_out(j + h);\n${STORE}`,
}));

const copy = program('FWHT:copy', 1, () => ({
  inputs: [{ name: 'x', type: 'f32' }],
  outputs: [{ name: 'out', type: 'f32' }],
  workgroup: WG,
  body: 'if (gi < U(0u)) { st_out(gi, ld_x(gi)); }',
}));

/** Registration of {@link FWHT} on `webgpu` (float32). */
export const fwhtOnWebGPU = defineWebGPUKernel(FWHT, ({ inputs, attrs, backend }) => {
  const shape = inputs.x.shape;
  const len = shape[shape.length - 1]!;
  const size = sizeOf(shape);
  const out = backend.output(shape, 'float32', FWHT);
  if (size === 0) return out;
  if (len === 1) {
    // H_1 = [1] and every normalisation of length 1 is 1
    backend.run({
      program: copy,
      inputs: [inputs.x],
      outputs: [out],
      uniforms: new Uniforms().u(size),
      workgroups: threadGrid(size, WG),
    });
    return out;
  }
  const pairs = size / 2;
  const scale = whtScale(attrs.norm, len);
  const wg = threadGrid(pairs, WG);
  for (let h = 1; h < len; h *= 2) {
    const last = 2 * h >= len;
    backend.run({
      program: h === 1 ? first : stage,
      inputs: h === 1 ? [inputs.x] : [],
      outputs: [out],
      uniforms: new Uniforms().u(pairs, len / 2, h).f(last ? scale : 1),
      workgroups: wg,
    });
  }
  return out;
});
