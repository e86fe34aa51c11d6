/**
 * `wasm` sparse 1×1 convolution (XNNPACK-style, spec §3.6). Per image, 32-pixel strips of X are packed
 * into scratch as `[cin, 32]` (NCHW: a copy; NHWC: an in-L1 transpose) and stay in L1 while every output
 * channel walks its CSR nonzeros over two 16-pixel halves of 4 v128 accumulators, bias and clamp fused; NHWC transposes the
 * `[cout, 32]` results back to pixel rows. Work tiles are pixel spans of an image.
 */
import { SparseConv1x1 } from '../../kernel-names.js';
import { defineWasmKernelConfig, f32Bits, PARALLEL_MIN_WORK, runTiles, SPARSE_WASM, TILE } from './module.js';

/** Pixels per micro-kernel strip (wasm/assembly/sparse-conv1x1.ts). */
const MR = 32;

/** Registration of {@link SparseConv1x1} on `wasm` (float32; float64 operands live on `cpu`). */
export const sparseConv1x1OnWasm = defineWasmKernelConfig(SparseConv1x1, ({ inputs, attrs, backend }) => {
  const { rows: cout, cols: cin, nnz, indexWidth, layout, min, max } = attrs;
  const shape = inputs.x.shape;
  const [batch, h, w] =
    layout === 'NCHW' ? [shape[0]!, shape[2]!, shape[3]!] : [shape[0]!, shape[1]!, shape[2]!];
  const hw = h * w;
  const out = backend.output(layout === 'NCHW' ? [batch, cout, h, w] : [batch, h, w, cout], 'float32');
  if (batch * hw * cout === 0) return out;
  const work = (nnz + cout) * hw * batch;
  const threads = work < PARALLEL_MIN_WORK ? 1 : backend.threads();
  // pixel spans: whole strips, about eight per thread over the batch
  const span = threads <= 1 ? hw : Math.max(MR, Math.ceil(Math.ceil((batch * hw) / (threads * 8)) / MR) * MR);
  const spans = Math.ceil(hw / span);

  // byte offsets of the input channel rows in a packed (NCHW) or transposed (NHWC) 32-pixel strip
  const offs = backend.scratch(Math.max(4, nnz * 4));
  SPARSE_WASM.on(backend).conv_offsets(offs, backend.ptr(inputs.colIdx), nnz, indexWidth, MR * 4);
  const args = backend.args([
    backend.ptr(out),
    backend.ptr(inputs.x),
    backend.ptr(inputs.rowPtr),
    offs,
    backend.ptr(inputs.values),
    inputs.bias === undefined ? 0 : backend.ptr(inputs.bias),
    cout,
    cin,
    hw,
    span,
    spans,
    f32Bits(min),
    f32Bits(max),
    Number.isFinite(min) || Number.isFinite(max) ? 1 : 0,
  ]);
  if (layout === 'NCHW') runTiles(backend, TILE.CONV1X1_CHW_F32, args, batch * spans, work, cin * MR * 4);
  else runTiles(backend, TILE.CONV1X1_HWC_F32, args, batch * spans, work, (cin + cout) * MR * 4);
  return out;
});
