/**
 * LayerNorm and RMSNorm on `webgpu`, over the last axis: one workgroup per row, with workgroup reductions for
 * the mean and the (biased) variance (two passes, as the `cpu` kernel), or for the mean square.
 *
 * @module
 */
import type { TensorInfo } from '../../../backend/backend.js';
import { sizeOf } from '../../../internal/shape.js';
import { grid, Uniforms } from '../program.js';
import { defineGpuKernel, type WebGPUBackend } from '../webgpu-backend.js';
import { WGSL_MATH } from '../wgsl-math.js';
import { program, tag } from './common.js';

/** Threads per workgroup (one workgroup per row). */
const NWG = 64;

/** WGSL: reduce `part` (sum) across the workgroup into `part[0]`, leaving every thread past a barrier. */
const TREE_SUM = [
  'workgroupBarrier();',
  `for (var h = ${NWG / 2}u; h > 0u; h >>= 1u) {`,
  '  if (lid < h) { part[lid] = part[lid] + part[lid + h]; }',
  '  workgroupBarrier();',
  '}',
].join('\n');

interface NormArgs {
  inputs: { x: TensorInfo; weight: TensorInfo; bias?: TensorInfo };
  attrs: { eps: number };
  backend: WebGPUBackend;
}

function norm({ inputs, attrs: { eps }, backend }: NormArgs, layer: boolean): TensorInfo {
  const kernel = layer ? 'LayerNorm' : 'RMSNorm';
  const x = inputs.x;
  const out = backend.output(x.shape, x.dtype, kernel);
  const n = x.shape[x.shape.length - 1] ?? 1;
  const rows = n === 0 ? 0 : sizeOf(x.shape) / n;
  if (rows === 0) return out;
  const p = program(`${kernel}:${tag(x.dtype)}`, 3, () => ({
    inputs: layer
      ? [
          { name: 'x', type: 'f32' },
          { name: 'w', type: 'f32' },
          { name: 'b', type: 'f32' },
        ]
      : [
          { name: 'x', type: 'f32' },
          { name: 'w', type: 'f32' },
        ],
    outputs: [{ name: 'y', type: 'f32' }],
    workgroup: NWG,
    helpers: `${WGSL_MATH}\nvar<workgroup> part: array<f32, ${NWG}>;`,
    body: [
      'let row = wi;',
      'if (row >= U(0u)) { return; }',
      'let n = U(1u); let eps = UF(2u);',
      'let base = row * n;',
      ...(layer
        ? [
            'var s = 0.0;',
            `for (var j = lid; j < n; j += ${NWG}u) { s = s + ld_x(base + j); }`,
            'part[lid] = s;',
            TREE_SUM,
            'let mean = part[0] / f32(n);',
            'workgroupBarrier();',
            'var q = 0.0;',
            `for (var j = lid; j < n; j += ${NWG}u) { let d = ld_x(base + j) - mean; q = q + d * d; }`,
            'part[lid] = q;',
            TREE_SUM,
            'let rstd = 1.0 / m_sqrt(part[0] / f32(n) + eps);',
            `for (var j = lid; j < n; j += ${NWG}u) {`,
            '  st_y(base + j, (ld_x(base + j) - mean) * rstd * ld_w(j) + ld_b(j));',
            '}',
          ]
        : [
            'var q = 0.0;',
            `for (var j = lid; j < n; j += ${NWG}u) { let v = ld_x(base + j); q = q + v * v; }`,
            'part[lid] = q;',
            TREE_SUM,
            'let r = 1.0 / m_sqrt(part[0] / f32(n) + eps);',
            `for (var j = lid; j < n; j += ${NWG}u) { st_y(base + j, ld_x(base + j) * r * ld_w(j)); }`,
          ]),
    ].join('\n'),
  }));
  const ins = layer ? [x, inputs.weight, inputs.bias!] : [x, inputs.weight];
  backend.run({
    program: p,
    inputs: ins,
    outputs: [out],
    uniforms: new Uniforms().u(rows, n).f(eps),
    workgroups: grid(rows),
  });
  return out;
}

defineGpuKernel('LayerNorm', (args) => norm(args, true));
defineGpuKernel('RMSNorm', (args) => norm(args, false));
