/**
 * Layout kernels on `webgpu`: Transpose, Slice, Concat, Pad, Tile. One thread per output element (per
 * input element for Concat, one dispatch per input), with shapes and strides in the uniforms.
 *
 * @module
 */
import { sizeOf, stridesOf } from '../../../internal/shape.js';
import type { DType } from '../../../tensor/dtype.js';
import { threadGrid, Uniforms, wgslType } from '../program.js';
import { defineGpuKernel } from '../webgpu-backend.js';
import { decompose, program, tag, WG } from './common.js';

/**
 * Append `value` as the bits `dtype` stores it with (as a typed array's `fill` would: int32 wraps, uint8 and
 * bool take it modulo 256).
 */
export function pushScalar(u: Uniforms, value: number, dtype: DType): void {
  if (dtype === 'float32') u.f(value);
  else if (dtype === 'int32') u.i(Math.trunc(value) | 0);
  else u.u((Math.trunc(value) | 0) & 0xff);
}

defineGpuKernel('Transpose', ({ inputs: { x }, attrs: { perm }, backend }) => {
  const outShape = perm.map((p) => x.shape[p]!);
  const out = backend.output(outShape, x.dtype, 'Transpose');
  const n = sizeOf(outShape);
  const r = outShape.length;
  const st = stridesOf(x.shape);
  const u = new Uniforms()
    .u(n)
    .u(...outShape)
    .u(...perm.map((p) => st[p]!));
  const t = wgslType(x.dtype);
  const p = program(`Transpose:${tag(x.dtype)}:${r}`, 1 + 2 * r, () => ({
    inputs: [{ name: 'x', type: t }],
    outputs: [{ name: 'y', type: t }],
    workgroup: WG,
    body: [
      'if (gi >= U(0u)) { return; }',
      'var off = 0u;',
      decompose('gi', r, 1, 1 + r, 'off'),
      'st_y(gi, ld_x(off));',
    ].join('\n'),
  }));
  backend.run({ program: p, inputs: [x], outputs: [out], uniforms: u, workgroups: threadGrid(n, WG) });
  return out;
});

defineGpuKernel('Slice', ({ inputs: { x }, attrs: { begin, size }, backend }) => {
  const out = backend.output(size, x.dtype, 'Slice');
  const n = sizeOf(size);
  const r = size.length;
  const st = stridesOf(x.shape);
  let base = 0;
  for (let i = 0; i < begin.length; i++) base += begin[i]! * st[i]!;
  const u = new Uniforms()
    .u(n, base)
    .u(...size)
    .u(...st);
  const t = wgslType(x.dtype);
  const p = program(`Slice:${tag(x.dtype)}:${r}`, 2 + 2 * r, () => ({
    inputs: [{ name: 'x', type: t }],
    outputs: [{ name: 'y', type: t }],
    workgroup: WG,
    body: [
      'if (gi >= U(0u)) { return; }',
      'var off = U(1u);',
      decompose('gi', r, 2, 2 + r, 'off'),
      'st_y(gi, ld_x(off));',
    ].join('\n'),
  }));
  backend.run({ program: p, inputs: [x], outputs: [out], uniforms: u, workgroups: threadGrid(n, WG) });
  return out;
});

defineGpuKernel('Concat', ({ inputs: { tensors }, attrs: { axis }, backend }) => {
  const first = tensors[0]!;
  const outShape = [...first.shape];
  outShape[axis] = tensors.reduce((s, t) => s + t.shape[axis]!, 0);
  const out = backend.output(outShape, first.dtype, 'Concat');
  const outer = sizeOf(first.shape.slice(0, axis));
  const inner = sizeOf(first.shape.slice(axis + 1));
  const rowOut = outShape[axis]! * inner;
  const t = wgslType(first.dtype);
  const p = program(`Concat:${tag(first.dtype)}`, 4, () => ({
    inputs: [{ name: 'x', type: t }],
    outputs: [{ name: 'y', type: t }],
    workgroup: WG,
    body: [
      'if (gi >= U(0u)) { return; }',
      'let rowIn = U(1u);',
      'st_y((gi / rowIn) * U(2u) + U(3u) + gi % rowIn, ld_x(gi));',
    ].join('\n'),
  }));
  let col = 0;
  for (const part of tensors) {
    const rowIn = part.shape[axis]! * inner;
    const count = outer * rowIn;
    if (count > 0) {
      const u = new Uniforms().u(count, rowIn, rowOut, col);
      backend.run({
        program: p,
        inputs: [part],
        outputs: [out],
        uniforms: u,
        workgroups: threadGrid(count, WG),
      });
    }
    col += rowIn;
  }
  return out;
});

defineGpuKernel('Pad', ({ inputs: { x }, attrs: { paddings, value }, backend }) => {
  const outShape = x.shape.map((d, i) => d + paddings[i]![0] + paddings[i]![1]);
  const out = backend.output(outShape, x.dtype, 'Pad');
  const n = sizeOf(outShape);
  const r = outShape.length;
  const u = new Uniforms().u(n);
  pushScalar(u, value, x.dtype);
  u.u(...outShape)
    .u(...paddings.map((p) => p[0]))
    .u(...x.shape)
    .u(...stridesOf(x.shape));
  const t = wgslType(x.dtype);
  const at = (block: number, d: number) => 2 + block * r + d;
  const p = program(`Pad:${tag(x.dtype)}:${r}`, 2 + 4 * r, () => {
    const lines = ['if (gi >= U(0u)) { return; }', 'var rest = gi;', 'var off = 0u;', 'var inside = true;'];
    for (let d = r - 1; d >= 0; d--) {
      lines.push(
        `{ let dim = U(${at(0, d)}u); let c = rest % dim; rest = rest / dim;`,
        `  let ci = i32(c) - i32(U(${at(1, d)}u));`,
        `  if (ci < 0 || ci >= i32(U(${at(2, d)}u))) { inside = false; } else { off = off + u32(ci) * U(${at(3, d)}u); } }`,
      );
    }
    lines.push(`if (inside) { st_y(gi, ld_x(off)); } else { st_y(gi, bitcast<${t}>(U(1u))); }`);
    return {
      inputs: [{ name: 'x', type: t }],
      outputs: [{ name: 'y', type: t }],
      workgroup: WG,
      body: lines.join('\n'),
    };
  });
  backend.run({ program: p, inputs: [x], outputs: [out], uniforms: u, workgroups: threadGrid(n, WG) });
  return out;
});

defineGpuKernel('Tile', ({ inputs: { x }, attrs: { reps }, backend }) => {
  const outShape = x.shape.map((d, i) => d * reps[i]!);
  const out = backend.output(outShape, x.dtype, 'Tile');
  const n = sizeOf(outShape);
  const r = outShape.length;
  const u = new Uniforms()
    .u(n)
    .u(...outShape)
    .u(...x.shape)
    .u(...stridesOf(x.shape));
  const t = wgslType(x.dtype);
  const p = program(`Tile:${tag(x.dtype)}:${r}`, 1 + 3 * r, () => {
    const lines = ['if (gi >= U(0u)) { return; }', 'var rest = gi;', 'var off = 0u;'];
    for (let d = r - 1; d >= 0; d--) {
      lines.push(
        `{ let dim = U(${1 + d}u); let c = rest % dim; rest = rest / dim; off = off + (c % U(${1 + r + d}u)) * U(${1 + 2 * r + d}u); }`,
      );
    }
    lines.push('st_y(gi, ld_x(off));');
    return {
      inputs: [{ name: 'x', type: t }],
      outputs: [{ name: 'y', type: t }],
      workgroup: WG,
      body: lines.join('\n'),
    };
  });
  backend.run({ program: p, inputs: [x], outputs: [out], uniforms: u, workgroups: threadGrid(n, WG) });
  return out;
});
