import { allocate } from '../../../tensor/dtype.js';
import { defineCpuKernel } from '../cpu-backend.js';

/** Layer norm over the last axis, row by row, with float64 statistics (two passes: mean, then variance). */
defineCpuKernel('LayerNorm', ({ inputs: { x, weight, bias }, attrs: { eps }, backend }) => {
  const v = backend.values(x);
  const w = backend.values(weight);
  const b = backend.values(bias);
  const n = x.shape[x.shape.length - 1] ?? 1;
  const out = allocate(x.dtype, v.length);
  for (let row = 0; n > 0 && row < v.length / n; row++) {
    const base = row * n;
    let mean = 0;
    for (let j = 0; j < n; j++) mean += v[base + j]!;
    mean /= n;
    let variance = 0;
    for (let j = 0; j < n; j++) variance += (v[base + j]! - mean) ** 2;
    variance /= n;
    const rstd = 1 / Math.sqrt(variance + eps);
    for (let j = 0; j < n; j++) out[base + j] = (v[base + j]! - mean) * rstd * w[j]! + b[j]!;
  }
  return backend.output(out, x.shape, x.dtype);
});

/** RMS norm over the last axis, row by row, with a float64 mean square. */
defineCpuKernel('RMSNorm', ({ inputs: { x, weight }, attrs: { eps }, backend }) => {
  const v = backend.values(x);
  const w = backend.values(weight);
  const n = x.shape[x.shape.length - 1] ?? 1;
  const out = allocate(x.dtype, v.length);
  for (let row = 0; n > 0 && row < v.length / n; row++) {
    const base = row * n;
    let ms = 0;
    for (let j = 0; j < n; j++) ms += v[base + j]! ** 2;
    const r = 1 / Math.sqrt(ms / n + eps);
    for (let j = 0; j < n; j++) out[base + j] = v[base + j]! * r * w[j]!;
  }
  return backend.output(out, x.shape, x.dtype);
});
