/**
 * `webgpu` sparse 1×1 convolution, `Y = clamp(W·X + b)` with CSR `W [cout, cin]` (spec §3.6).
 *
 * - **NCHW**: one invocation per (image, output channel, quad of pixels) walks the channel's nonzeros
 *   and loads four contiguous pixels of each input channel it names, so a workgroup reads contiguous
 *   pixel runs (the GPU form of XNNPACK's `MR×1` micro-kernel, with `MR = 4` per invocation and 256 per
 *   workgroup).
 * - **NHWC**: a sparse Linear over pixels, the row-dot kernel of {@link DSMM} with bias and clamp fused.
 *
 * @module
 */
import { threadGrid, Uniforms } from '@sparseland/core/extend';
import type { IndexWidth } from '../../kernel-names.js';
import { SparseConv1x1 } from '../../kernel-names.js';
import { defineWebGPUKernel, indexFn, program, WG } from './common.js';
import { runRowDot } from './DSMM.js';

function nchwProgram(indexWidth: IndexWidth, bias: boolean) {
  return program(`SparseConv1x1:nchw:${indexWidth}:${bias ? 'bias' : '-'}`, 7, () => ({
    inputs: [
      { name: 'x', type: 'f32' },
      { name: 'rowPtr', type: 'u32' },
      { name: 'colIdx', type: 'u32' },
      { name: 'vals', type: 'f32' },
      ...(bias ? [{ name: 'bias', type: 'f32' as const }] : []),
    ],
    outputs: [{ name: 'out', type: 'f32' }],
    workgroup: WG,
    helpers: indexFn('col_at', 'colIdx', indexWidth),
    body: [
      'let batch = U(0u); let cout = U(1u); let cin = U(2u); let hw = U(3u); let quads = U(4u);',
      'let lo = UF(5u); let hi = UF(6u);',
      'if (gi >= batch * cout * quads) { return; }',
      'let px = (gi % quads) * 4u;',
      'let rest = gi / quads;',
      'let co = rest % cout; let img = rest / cout;',
      'let xo = img * cin * hw + px;',
      `var acc = vec4<f32>(${bias ? 'ld_bias(co)' : '0.0'});`,
      'let end = ld_rowPtr(co + 1u);',
      'for (var q = ld_rowPtr(co); q < end; q++) {',
      '  let o = xo + col_at(q) * hw;',
      '  acc += ld_vals(q) * vec4<f32>(ld_x(o), ld_x(o + 1u), ld_x(o + 2u), ld_x(o + 3u));',
      '}',
      'let y = min(max(acc, vec4<f32>(lo)), vec4<f32>(hi));',
      'let base = rest * hw + px;',
      'st_out(base, y.x);',
      'if (px + 1u < hw) { st_out(base + 1u, y.y); }',
      'if (px + 2u < hw) { st_out(base + 2u, y.z); }',
      'if (px + 3u < hw) { st_out(base + 3u, y.w); }',
    ].join('\n'),
  }));
}

/** Registration of {@link SparseConv1x1} on `webgpu` (float32). */
export const sparseConv1x1OnWebGPU = defineWebGPUKernel(SparseConv1x1, ({ inputs, attrs, backend }) => {
  const { rows: cout, cols: cin, indexWidth, layout, min, max } = attrs;
  const shape = inputs.x.shape;
  const [batch, h, w] =
    layout === 'NCHW' ? [shape[0]!, shape[2]!, shape[3]!] : [shape[0]!, shape[1]!, shape[2]!];
  const hw = h * w;
  if (layout === 'NHWC') {
    const y = runRowDot(
      backend,
      {
        indexWidth,
        bias: inputs.bias !== undefined,
        activation: 'none',
        name: SparseConv1x1,
        clamp: true,
      },
      {
        ptr: inputs.rowPtr,
        idx: inputs.colIdx,
        vals: inputs.values,
        x: inputs.x,
        ...(inputs.bias === undefined ? {} : { bias: inputs.bias }),
      },
      batch * hw,
      cout,
      cin,
      [min, max],
    );
    return { ...y, shape: [batch, h, w, cout] };
  }
  const out = backend.output([batch, cout, h, w], 'float32', SparseConv1x1);
  const quads = Math.ceil(hw / 4);
  if (batch * cout * quads === 0) return out;
  const bias = inputs.bias !== undefined;
  const ins = [inputs.x, inputs.rowPtr, inputs.colIdx, inputs.values];
  if (inputs.bias !== undefined) ins.push(inputs.bias);
  backend.run({
    program: nchwProgram(indexWidth, bias),
    inputs: ins,
    outputs: [out],
    uniforms: new Uniforms().u(batch, cout, cin, hw, quads).f(min, max),
    workgroups: threadGrid(batch * cout * quads, WG),
  });
  return out;
});
