// Fused activations of SparseLinear on four lanes (ids follow ACTIVATIONS in src/ops/sparse-linear.ts):
// 0 none, 1 relu, 2 gelu (exact erf form; erf by Abramowitz–Stegun 7.1.26, |err| < 1.5e-7), 3 silu,
// 4 sigmoid, 5 tanh. exp and tanh follow core's wasm kernels (Cephes reductions). NaN in gives NaN out.

const LOG2E: f32 = 1.44269504088896341;
const LN2_HI: f32 = 0.693359375;
const LN2_LO: f32 = -2.1219444e-4;
const EXP_HI: f32 = 88.72283935546875;
const EXP_LO: f32 = -103.97208404541016;
const ROUNDER: f32 = 12582912.0;

/** `e^x` over the whole float32 range (overflow to inf, underflow through subnormals to 0). */
export function expV(x: v128): v128 {
  const big = f32x4.gt(x, f32x4.splat(EXP_HI));
  const small = f32x4.lt(x, f32x4.splat(EXP_LO));
  const xc = f32x4.pmax(f32x4.pmin(x, f32x4.splat(EXP_HI)), f32x4.splat(EXP_LO));
  const t = f32x4.add(f32x4.mul(xc, f32x4.splat(LOG2E)), f32x4.splat(ROUNDER));
  const n = f32x4.sub(t, f32x4.splat(ROUNDER));
  const ni = i32x4.sub(t, i32x4.splat(0x4b400000));
  let r = f32x4.sub(xc, f32x4.mul(n, f32x4.splat(LN2_HI)));
  r = f32x4.sub(r, f32x4.mul(n, f32x4.splat(LN2_LO)));
  let p = f32x4.splat(1.98756915e-4);
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.3981999507e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(8.3334519073e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(4.1665795894e-2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.6666665459e-1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(5.0000001201e-1));
  const er = f32x4.add(f32x4.add(f32x4.mul(p, f32x4.mul(r, r)), r), f32x4.splat(1.0));
  // 2^n in two halves so that n in [-150, 128] never leaves the normal exponent range
  const n1 = i32x4.shr_s(ni, 1);
  const n2 = i32x4.sub(ni, n1);
  const s1 = i32x4.shl(i32x4.add(n1, i32x4.splat(127)), 23);
  const s2 = i32x4.shl(i32x4.add(n2, i32x4.splat(127)), 23);
  let out = f32x4.mul(f32x4.mul(er, s1), s2);
  out = v128.bitselect(f32x4.splat(Infinity), out, big);
  return v128.andnot(out, small);
}

function sigmoidV(x: v128): v128 {
  return f32x4.div(f32x4.splat(1.0), f32x4.add(f32x4.splat(1.0), expV(f32x4.neg(x))));
}

function tanhV(x: v128): v128 {
  const ax = f32x4.abs(x);
  const z = f32x4.mul(x, x);
  let p = f32x4.splat(-5.70498872745e-3);
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(2.06390887954e-2));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(-5.37397155531e-2));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(1.33314422036e-1));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(-3.33332819422e-1));
  const smallR = f32x4.add(f32x4.mul(f32x4.mul(p, z), x), x);
  const t = expV(f32x4.pmin(f32x4.add(ax, ax), f32x4.splat(88.0)));
  let large = f32x4.sub(f32x4.splat(1.0), f32x4.div(f32x4.splat(2.0), f32x4.add(t, f32x4.splat(1.0))));
  large = v128.or(large, v128.and(x, i32x4.splat(0x80000000)));
  return v128.bitselect(smallR, large, f32x4.lt(ax, f32x4.splat(0.625)));
}

function erfV(z: v128): v128 {
  const ax = f32x4.abs(z);
  const t = f32x4.div(f32x4.splat(1.0), f32x4.add(f32x4.splat(1.0), f32x4.mul(f32x4.splat(0.3275911), ax)));
  let p = f32x4.splat(1.061405429);
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(-1.453152027));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(1.421413741));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(-0.284496736));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(0.254829592));
  const y = f32x4.sub(f32x4.splat(1.0), f32x4.mul(f32x4.mul(p, t), expV(f32x4.neg(f32x4.mul(ax, ax)))));
  return v128.or(y, v128.and(z, i32x4.splat(0x80000000)));
}

/** Apply activation `act` to four lanes. */
export function activate(x: v128, act: i32): v128 {
  switch (act) {
    case 1:
      // max propagates NaN, as the reference's `x > 0 ? x : x == 0 || x < 0 ? 0 : x`
      return f32x4.max(x, f32x4.splat(0));
    case 2: {
      const e = erfV(f32x4.mul(x, f32x4.splat(0.7071067811865476)));
      return f32x4.mul(f32x4.mul(f32x4.splat(0.5), x), f32x4.add(f32x4.splat(1.0), e));
    }
    case 3:
      return f32x4.mul(x, sigmoidV(x));
    case 4:
      return sigmoidV(x);
    case 5:
      return tanhV(x);
  }
  return x;
}
