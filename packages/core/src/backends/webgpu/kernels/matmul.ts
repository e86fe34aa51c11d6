/**
 * Batched MatMul on `webgpu`: `a [..., m, k] x b [..., k, n]`, each optionally transposed in its last two
 * axes, with NumPy-broadcast batch dimensions.
 *
 * Tiled with workgroup memory: a workgroup of 16 x 16 threads computes a 64 x 64 block of the output, each
 * thread a 4 x 4 sub-block held in registers; the k axis advances in steps of 16, staging a 64 x 16 panel of
 * `a` and a 16 x 64 panel of `b` in workgroup memory. Transposes are strides in the uniforms (no copy), and
 * the batch index (the grid's z) is decomposed over the broadcast batch shape to find each operand's
 * offset. Accumulation is in float32 (int32 wraps).
 *
 * @module
 */
import { broadcastShapes, sizeOf, stridesOf } from '../../../internal/shape.js';
import { MAX_GRID, Uniforms, wgslType } from '../program.js';
import { defineGpuKernel } from '../webgpu-backend.js';
import { decompose, program, tag } from './common.js';

/** Output block per workgroup (rows and columns). */
const TILE = 64;
/** k step. */
const TK = 16;
/** Threads per workgroup side. */
const TS = 16;
/** Outputs per thread side. */
const PER = TILE / TS;

defineGpuKernel('MatMul', ({ inputs: { a, b }, attrs: { transposeA, transposeB }, backend }) => {
  const ra = a.shape.length;
  const rb = b.shape.length;
  const m = transposeA ? a.shape[ra - 1]! : a.shape[ra - 2]!;
  const k = transposeA ? a.shape[ra - 2]! : a.shape[ra - 1]!;
  const n = transposeB ? b.shape[rb - 2]! : b.shape[rb - 1]!;
  const batchShape = broadcastShapes(a.shape.slice(0, -2), b.shape.slice(0, -2), 'MatMul');
  const out = backend.output([...batchShape, m, n], a.dtype, 'MatMul');
  const batch = sizeOf(batchShape);
  if (batch === 0 || m === 0 || n === 0) return out;
  const rank = batchShape.length;
  // batch strides of each operand (0 on broadcast axes), aligned to the batch shape
  const batchStrides = (shape: readonly number[], matSize: number) => {
    const lead = shape.slice(0, -2);
    const s = stridesOf(lead).map((st, i) => (lead[i] === 1 ? 0 : st * matSize));
    return [...new Array<number>(rank - lead.length).fill(0), ...s];
  };
  const aStrides = batchStrides(a.shape, m * k);
  const bStrides = batchStrides(b.shape, k * n);
  // strides of a(i, p) and b(p, j) inside one matrix
  const [ai, ap] = transposeA ? [1, m] : [k, 1];
  const [bp, bj] = transposeB ? [1, k] : [n, 1];
  const t = wgslType(a.dtype);
  const words = 8 + 3 * rank;
  const shapeAt = 8;
  const p = program(`MatMul:${tag(a.dtype)}:${rank}`, words, () => ({
    inputs: [
      { name: 'ma', type: t },
      { name: 'mb', type: t },
    ],
    outputs: [{ name: 'y', type: t }],
    workgroup: [TS, TS],
    helpers: [
      `var<workgroup> As: array<array<${t}, ${TK}>, ${TILE}>;`,
      `var<workgroup> Bs: array<array<${t}, ${TILE}>, ${TK}>;`,
    ].join('\n'),
    body: [
      'let M = U(0u); let N = U(1u); let K = U(2u);',
      'let ai = U(3u); let ap = U(4u); let bp = U(5u); let bj = U(6u);',
      'let bt = wid.z + U(7u);',
      'var aBase = 0u;',
      'var bBase = 0u;',
      decompose('bt', rank, shapeAt, shapeAt + rank, 'aBase'),
      decompose('bt', rank, shapeAt, shapeAt + 2 * rank, 'bBase'),
      `let row0 = wid.y * ${TILE}u;`,
      `let col0 = wid.x * ${TILE}u;`,
      `let tx = lidv.x; let ty = lidv.y;`,
      `var acc: array<array<${t}, ${PER}>, ${PER}>;`,
      `for (var t = 0u; t < K; t += ${TK}u) {`,
      `  for (var q = 0u; q < ${(TILE * TK) / (TS * TS)}u; q++) {`,
      `    let e = lid + q * ${TS * TS}u;`,
      `    let ar = e / ${TK}u; let ak = e % ${TK}u;`,
      '    let gr = row0 + ar; let gk = t + ak;',
      `    var av = ${t}();`,
      '    if (gr < M && gk < K) { av = ld_ma(aBase + gr * ai + gk * ap); }',
      '    As[ar][ak] = av;',
      `    let bk = e / ${TILE}u; let bc = e % ${TILE}u;`,
      '    let gk2 = t + bk; let gc = col0 + bc;',
      `    var bv = ${t}();`,
      '    if (gk2 < K && gc < N) { bv = ld_mb(bBase + gk2 * bp + gc * bj); }',
      '    Bs[bk][bc] = bv;',
      '  }',
      '  workgroupBarrier();',
      `  for (var kk = 0u; kk < ${TK}u; kk++) {`,
      `    var av: array<${t}, ${PER}>;`,
      `    var bv: array<${t}, ${PER}>;`,
      `    for (var i = 0u; i < ${PER}u; i++) { av[i] = As[ty * ${PER}u + i][kk]; bv[i] = Bs[kk][tx * ${PER}u + i]; }`,
      `    for (var i = 0u; i < ${PER}u; i++) {`,
      `      for (var j = 0u; j < ${PER}u; j++) { acc[i][j] = acc[i][j] + av[i] * bv[j]; }`,
      '    }',
      '  }',
      '  workgroupBarrier();',
      '}',
      'let outBase = bt * M * N;',
      `for (var i = 0u; i < ${PER}u; i++) {`,
      `  let r = row0 + ty * ${PER}u + i;`,
      `  for (var j = 0u; j < ${PER}u; j++) {`,
      `    let c = col0 + tx * ${PER}u + j;`,
      '    if (r < M && c < N) { st_y(outBase + r * N + c, acc[i][j]); }',
      '  }',
      '}',
    ].join('\n'),
  }));
  const tilesX = Math.ceil(n / TILE);
  const tilesY = Math.ceil(m / TILE);
  for (let start = 0; start < batch; start += MAX_GRID) {
    const count = Math.min(MAX_GRID, batch - start);
    const u = new Uniforms()
      .u(m, n, k, ai, ap, bp, bj, start)
      .u(...batchShape)
      .u(...aStrides)
      .u(...bStrides);
    backend.run({
      program: p,
      inputs: [a, b],
      outputs: [out],
      uniforms: u,
      workgroups: [tilesX, tilesY, count],
    });
  }
  return out;
});
