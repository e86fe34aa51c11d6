/**
 * `wasm` sparse 1×1 convolution (XNNPACK-style, spec §3.6): per image in CHW layout, 32-pixel strips of X
 * stay in L1 while every output channel walks its CSR nonzeros (8 v128 accumulators), with bias and clamp
 * fused; work tiles are pixel spans of an image. NHWC runs the same kernel between two SIMD transposes.
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

  const offs = backend.scratch(Math.max(4, nnz * 4));
  SPARSE_WASM.on(backend).conv_offsets(offs, backend.ptr(inputs.colIdx), nnz, indexWidth, hw * 4);
  const planeIn = batch * cin * hw * 4;
  const planeOut = batch * cout * hw * 4;
  const xt = layout === 'NCHW' ? backend.ptr(inputs.x) : backend.scratch(planeIn);
  const yt = layout === 'NCHW' ? backend.ptr(out) : backend.scratch(planeOut);
  const transpose = (dst: number, src: number, r: number, c: number) => {
    // source rows per tile: a multiple of 4 (the 4×4 register blocks), about eight tiles per thread
    const per = threads <= 1 ? r : Math.max(4, Math.ceil((r * batch) / (threads * 8) / 4) * 4);
    const args = backend.args([dst, src, batch, r, c, per]);
    runTiles(backend, TILE.TRANSPOSE_F32, args, batch * Math.ceil(r / per), threads > 1 ? work : 0);
  };
  if (layout === 'NHWC') transpose(xt, backend.ptr(inputs.x), hw, cin);
  const args = backend.args([
    yt,
    xt,
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
  runTiles(backend, TILE.CONV1X1_CHW_F32, args, batch * spans, work);
  if (layout === 'NHWC') transpose(backend.ptr(out), yt, cout, hw);
  return out;
});
