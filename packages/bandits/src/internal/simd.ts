/**
 * WebAssembly SIMD kernels for the coordinate-descent engine: `dot(x_j, v)` and `v += a·x_j` on
 * columns of a column-major design, four doubles per iteration with two `f64x2` accumulators.
 *
 * The module is assembled here, byte by byte (no toolchain, no dependency), compiled once, and
 * instantiated per solve with its own memory holding the design and the residuals, so nothing is
 * shared between solves and the memory is freed with the session. Where WebAssembly SIMD is missing
 * the engine keeps its JavaScript loops.
 *
 * @module
 */

const I32 = 0x7f;
const F64 = 0x7c;
const V128 = 0x7b;

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

function vec(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

function str(s: string): number[] {
  return [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
}

// opcodes
const LOCAL_GET = 0x20;
const LOCAL_SET = 0x21;
const LOCAL_TEE = 0x22;
const I32_CONST = 0x41;
const I32_ADD = 0x6a;
const I32_AND = 0x71;
const I32_SHL = 0x74;
const I32_GE_U = 0x4f;
const F64_ADD = 0xa0;
const F64_MUL = 0xa2;
const F64_LOAD = 0x2b;
const F64_STORE = 0x39;
const BLOCK = 0x02;
const LOOP = 0x03;
const BR = 0x0c;
const BR_IF = 0x0d;
const END = 0x0b;
const EMPTY = 0x40;
const simd = (op: number): number[] => [0xfd, ...uleb(op)];
const V128_LOAD = (offset: number) => [...simd(0x00), 3, ...uleb(offset)];
const V128_STORE = (offset: number) => [...simd(0x0b), 3, ...uleb(offset)];
const F64X2_SPLAT = simd(0x14);
const F64X2_EXTRACT = (lane: number) => [...simd(0x21), lane];
const F64X2_ADD = simd(0xf0);
const F64X2_MUL = simd(0xf2);
const get = (i: number) => [LOCAL_GET, i];
const set = (i: number) => [LOCAL_SET, i];

/** Byte address `base + i` (two i32 locals). */
const at = (base: number, i: number) => [...get(base), ...get(i), I32_ADD];
/** `dest = (n & mask) << 3`: a count of doubles as a byte limit (`mask` is a signed-LEB i32 constant; none: `n`). */
const byteLimit = (n: number, dest: number, mask?: number) => [
  ...get(n),
  ...(mask === undefined ? [] : [I32_CONST, mask, I32_AND]),
  I32_CONST,
  3,
  I32_SHL,
  ...set(dest),
];
/** `while (i < limit) { body; i += step }` on byte offsets (`step` < 64, a one-byte i32 constant). */
const countedLoop = (i: number, limit: number, step: number, body: number[]) => [
  BLOCK,
  EMPTY,
  LOOP,
  EMPTY,
  ...get(i),
  ...get(limit),
  I32_GE_U,
  BR_IF,
  1,
  ...body,
  ...get(i),
  I32_CONST,
  step,
  I32_ADD,
  ...set(i),
  BR,
  0,
  END,
  END,
];
/** `acc += x[i + off..] * v[i + off..]` on one `f64x2`. */
const fmaDot2 = (acc: number, x: number, v: number, i: number, off: number) => [
  ...get(acc),
  ...at(x, i),
  ...V128_LOAD(off),
  ...at(v, i),
  ...V128_LOAD(off),
  ...F64X2_MUL,
  ...F64X2_ADD,
  ...set(acc),
];
/** `v[i + off..] += av * x[i + off..]` on one `f64x2` (`av`: the splatted scalar). */
const fmaAxpy2 = (x: number, av: number, v: number, i: number, off: number) => [
  ...at(v, i),
  ...at(v, i),
  ...V128_LOAD(off),
  ...get(av),
  ...at(x, i),
  ...V128_LOAD(off),
  ...F64X2_MUL,
  ...F64X2_ADD,
  ...V128_STORE(off),
];
/** `f64 out[offset] = acc.lane0 + acc.lane1` (`offset` in bytes). */
const storeLaneSum = (out: number, acc: number, offset: number) => [
  ...get(out),
  ...get(acc),
  ...F64X2_EXTRACT(0),
  ...get(acc),
  ...F64X2_EXTRACT(1),
  F64_ADD,
  F64_STORE,
  3,
  ...uleb(offset),
];
/** A function body: its size, locals and code. */
function funcBody(locals: number[], code: number[]): number[] {
  const body = [...locals, ...code];
  return [...uleb(body.length), ...body];
}

/**
 * dot(x: i32, v: i32, n: i32) -> f64, byte offsets; locals: 3 i, 4 end4, 5 end, 6 acc0, 7 acc1, 8 s
 */
function dotBody(): number[] {
  const locals = vec([
    [2, I32],
    [1, I32],
    [2, V128],
    [1, F64],
  ]);
  return funcBody(locals, [
    // end = n << 3; end4 = (n & ~3) << 3
    ...byteLimit(2, 5),
    ...byteLimit(2, 4, 0x7c),
    // acc0 += x[i..i+1] * v[i..i+1]; acc1 += x[i+2..i+3] * v[i+2..i+3]
    ...countedLoop(3, 4, 32, [...fmaDot2(6, 0, 1, 3, 0), ...fmaDot2(7, 0, 1, 3, 16)]),
    // s = (acc0 + acc1).lane0 + lane1
    ...get(6),
    ...get(7),
    ...F64X2_ADD,
    LOCAL_TEE,
    6,
    ...F64X2_EXTRACT(0),
    ...get(6),
    ...F64X2_EXTRACT(1),
    F64_ADD,
    ...set(8),
    // tail: s += x[i] * v[i]
    ...countedLoop(3, 5, 8, [
      ...get(8),
      ...at(0, 3),
      F64_LOAD,
      3,
      0,
      ...at(1, 3),
      F64_LOAD,
      3,
      0,
      F64_MUL,
      F64_ADD,
      ...set(8),
    ]),
    ...get(8),
    END,
  ]);
}

/**
 * axpy(x: i32, a: f64, v: i32, n: i32): v += a·x; locals: 4 i, 5 end4, 6 end, 7 av
 */
function axpyBody(): number[] {
  const locals = vec([
    [3, I32],
    [1, V128],
  ]);
  return funcBody(locals, [
    ...byteLimit(3, 6),
    ...byteLimit(3, 5, 0x7c),
    ...get(1),
    ...F64X2_SPLAT,
    ...set(7),
    // v[i..i+1] += a * x[i..i+1]; v[i+2..i+3] likewise
    ...countedLoop(4, 5, 32, [...fmaAxpy2(0, 7, 2, 4, 0), ...fmaAxpy2(0, 7, 2, 4, 16)]),
    // tail: v[i] += a * x[i]
    ...countedLoop(4, 6, 8, [
      ...at(2, 4),
      ...at(2, 4),
      F64_LOAD,
      3,
      0,
      ...get(1),
      ...at(0, 4),
      F64_LOAD,
      3,
      0,
      F64_MUL,
      F64_ADD,
      F64_STORE,
      3,
      0,
    ]),
    END,
  ]);
}

/**
 * dot4(x, v0, v1, v2, v3: i32, n: i32, out: i32): out[m] = Σ_{i < n & ~1} x[i]·v_m[i] (byte offsets; the
 * caller adds an odd tail). One pass over `x` for four dot products. Locals: 7 i, 8 end, 9–12 acc, 13 xv.
 */
function dot4Body(): number[] {
  const locals = vec([
    [2, I32],
    [5, V128],
  ]);
  const accumulate: number[] = [];
  const store: number[] = [];
  for (let m = 0; m < 4; m++) {
    accumulate.push(
      ...get(9 + m),
      ...get(13),
      ...at(1 + m, 7),
      ...V128_LOAD(0),
      ...F64X2_MUL,
      ...F64X2_ADD,
      ...set(9 + m),
    );
    store.push(...storeLaneSum(6, 9 + m, 8 * m));
  }
  return funcBody(locals, [
    // end = (n & ~1) << 3
    ...byteLimit(5, 8, 0x7e),
    ...countedLoop(7, 8, 16, [...at(0, 7), ...V128_LOAD(0), ...set(13), ...accumulate]),
    ...store,
    END,
  ]);
}

/**
 * dot2x4(x0, x1, v0, v1, v2, v3: i32, n: i32, out: i32): out[2a + m]… = x_aᵀv_m for two columns x_a and four
 * vectors v_m over `n & ~1` entries (the caller adds an odd tail); out holds 8 doubles, `[x0·v0, x1·v0,
 * x0·v1, x1·v1, …]`. Each loaded `v` lane serves two products (fewer loads per multiply-add than dot4).
 * Parameters 0–1 (x), 2–5 (v), 6 (n), 7 (out); locals 8 (i), 9 (limit), 10–17 (accumulators), 18–19 (x lanes),
 * 20 (v lanes).
 */
function dot2x4Body(): number[] {
  const locals = vec([
    [2, I32],
    [11, V128],
  ]);
  const I = 8;
  const LIMIT = 9;
  const ACC = 10;
  const XA = 18;
  const VV = 20;
  const accumulate: number[] = [];
  for (let m = 0; m < 4; m++) {
    accumulate.push(...at(2 + m, I), ...V128_LOAD(0), ...set(VV));
    for (let a = 0; a < 2; a++) {
      accumulate.push(
        ...get(ACC + 2 * m + a),
        ...get(XA + a),
        ...get(VV),
        ...F64X2_MUL,
        ...F64X2_ADD,
        ...set(ACC + 2 * m + a),
      );
    }
  }
  const store: number[] = [];
  for (let q = 0; q < 8; q++) store.push(...storeLaneSum(7, ACC + q, 8 * q));
  return funcBody(locals, [
    ...byteLimit(6, LIMIT, 0x7e),
    ...countedLoop(I, LIMIT, 16, [
      ...at(0, I),
      ...V128_LOAD(0),
      ...set(XA),
      ...at(1, I),
      ...V128_LOAD(0),
      ...set(XA + 1),
      ...accumulate,
    ]),
    ...store,
    END,
  ]);
}

/** The module's bytes. @internal */
export function simdModuleBytes(): Uint8Array<ArrayBuffer> {
  const bytes = [
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(
      1,
      vec([
        [0x60, ...vec([[I32], [I32], [I32]]), ...vec([[F64]])],
        [0x60, ...vec([[I32], [F64], [I32], [I32]]), ...vec([])],
        [0x60, ...vec([[I32], [I32], [I32], [I32], [I32], [I32], [I32]]), ...vec([])],
        [0x60, ...vec(Array.from({ length: 8 }, () => [I32])), ...vec([])],
      ]),
    ),
    ...section(2, vec([[...str('env'), ...str('memory'), 0x02, 0x00, 0x01]])),
    ...section(3, vec([[0], [1], [2], [3]])),
    ...section(
      7,
      vec([
        [...str('dot'), 0x00, 0],
        [...str('axpy'), 0x00, 1],
        [...str('dot4'), 0x00, 2],
        [...str('dot2x4'), 0x00, 3],
      ]),
    ),
    ...section(10, vec([dotBody(), axpyBody(), dot4Body(), dot2x4Body()])),
  ];
  return new Uint8Array(bytes);
}

let compiled: WebAssembly.Module | null | undefined;
let disabled = false;

/** Turns the SIMD kernels off (or back on), e.g. to compare with the JavaScript loops. @internal */
export function setSimdEnabled(enabled: boolean): void {
  disabled = !enabled;
}

function moduleOrNull(): WebAssembly.Module | null {
  if (disabled) return null;
  if (compiled !== undefined) return compiled;
  compiled = null;
  try {
    if (
      typeof WebAssembly === 'object' &&
      (globalThis as { process?: { env?: Record<string, string> } }).process?.env
        ?.SPARSELAND_BANDITS_NO_SIMD !== '1'
    ) {
      const bytes = simdModuleBytes();
      if (WebAssembly.validate(bytes)) compiled = new WebAssembly.Module(bytes);
    }
  } catch {
    compiled = null;
  }
  return compiled;
}

/** Whether the SIMD kernels are available here. @internal */
export function simdAvailable(): boolean {
  return moduleOrNull() !== null;
}

const owners = new WeakMap<ArrayBufferLike, SimdSession>();
let pool: WeakRef<SimdSession> | undefined;

/**
 * Hands a session back for reuse by the next solve of a similar size (its memory is already mapped, so
 * the next solve skips the page faults of a fresh allocation). Only for sessions nothing refers to any
 * more; the pool holds one session, weakly.
 * @internal
 */
export function recycleSession(s: SimdSession | null): void {
  if (s) pool = new WeakRef(s);
}

/** The session whose memory holds `v`, if any. @internal */
export function sessionOf(v: Float64Array): SimdSession | null {
  return owners.get(v.buffer) ?? null;
}

/** A solve's WebAssembly memory with a bump allocator and the two kernels. @internal */
export interface SimdSession {
  /** Allocates `n` doubles in this session's memory (zero on a fresh session; unspecified after `release`). */
  alloc(n: number): Float64Array;
  /** Current allocation mark (doubles). */
  mark(): number;
  /** Frees everything allocated after `m`. */
  release(m: number): void;
  /** `Σ x[i]·v[i]` for views in this session's memory. */
  dot(x: Float64Array, v: Float64Array): number;
  /** `v += a·x` for views in this session's memory. */
  axpy(x: Float64Array, a: number, v: Float64Array): void;
  /** `x_jᵀv` for column `j` of a column-major `X` (`n` rows), both in this session's memory. */
  dotCol(X: Float64Array, n: number, j: number, v: Float64Array): number;
  /** `v += a·x_j`, both in this session's memory. */
  axpyCol(X: Float64Array, n: number, j: number, a: number, v: Float64Array): void;
  /**
   * `out[m] = x_kᵀx_{j_m}` for four columns `j` of a column-major `X` in one pass over `x_k` (`out`: four
   * doubles in this session's memory).
   */
  dot4Col(X: Float64Array, n: number, k: number, j: ArrayLike<number>, out: Float64Array): void;
  /**
   * {@link SimdSession.dot4Col} for columns `k` and `k + 1` at once: `out[2m + a] = x_{k+a}ᵀx_{j_m}` (`out`:
   * eight doubles in this session's memory).
   */
  dot2x4Col(X: Float64Array, n: number, k: number, j: ArrayLike<number>, out: Float64Array): void;
  /** Whether `v` lives in this session's memory. */
  owns(v: Float64Array): boolean;
  /** Capacity in doubles. */
  readonly capacity: number;
}

/**
 * A session with room for `capacity` doubles, or `null` without SIMD (or beyond 2³¹ bytes).
 * @internal
 */
export function simdSession(capacity: number): SimdSession | null {
  const mod = moduleOrNull();
  if (!mod) return null;
  const bytes = (capacity + 64) * 8;
  if (bytes > 2 ** 31) return null;
  const pooled = pool?.deref();
  pool = undefined;
  if (pooled && pooled.capacity >= capacity && pooled.capacity <= 2 * capacity + 65536) {
    pooled.release(0);
    return pooled;
  }
  let memory: WebAssembly.Memory;
  let instance: WebAssembly.Instance;
  try {
    memory = new WebAssembly.Memory({ initial: Math.ceil(bytes / 65536) });
    instance = new WebAssembly.Instance(mod, { env: { memory } });
  } catch {
    return null;
  }
  const dot = instance.exports.dot as (x: number, v: number, n: number) => number;
  const axpy = instance.exports.axpy as (x: number, a: number, v: number, n: number) => void;
  const dot2x4 = instance.exports.dot2x4 as (...args: number[]) => void;
  const dot4 = instance.exports.dot4 as (
    x: number,
    v0: number,
    v1: number,
    v2: number,
    v3: number,
    n: number,
    out: number,
  ) => void;
  const buffer = memory.buffer;
  const total = Math.floor(buffer.byteLength / 8);
  let top = 0;
  const session: SimdSession = {
    alloc(n: number): Float64Array {
      if (top + n > total) throw new RangeError('simd session: out of reserved memory');
      const v = new Float64Array(buffer, top * 8, n);
      top += n;
      return v;
    },
    mark: () => top,
    release(m: number): void {
      top = m;
    },
    dot: (x, v) => dot(x.byteOffset, v.byteOffset, Math.min(x.length, v.length)),
    axpy: (x, a, v) => axpy(x.byteOffset, a, v.byteOffset, Math.min(x.length, v.length)),
    dotCol: (X, n, j, v) => dot(X.byteOffset + j * n * 8, v.byteOffset, n),
    axpyCol: (X, n, j, a, v) => axpy(X.byteOffset + j * n * 8, a, v.byteOffset, n),
    dot2x4Col(X, n, k, j, out): void {
      const b = X.byteOffset;
      const c = n * 8;
      dot2x4(
        b + k * c,
        b + (k + 1) * c,
        b + j[0]! * c,
        b + j[1]! * c,
        b + j[2]! * c,
        b + j[3]! * c,
        n,
        out.byteOffset,
      );
      if (n & 1) {
        const last = n - 1;
        for (let m = 0; m < 4; m++) {
          const v = X[j[m]! * n + last]!;
          out[2 * m] = out[2 * m]! + X[k * n + last]! * v;
          out[2 * m + 1] = out[2 * m + 1]! + X[(k + 1) * n + last]! * v;
        }
      }
    },
    dot4Col(X, n, k, j, out): void {
      const b = X.byteOffset;
      const c = n * 8;
      dot4(b + k * c, b + j[0]! * c, b + j[1]! * c, b + j[2]! * c, b + j[3]! * c, n, out.byteOffset);
      if (n & 1) {
        const xk = X[k * n + n - 1]!;
        for (let m = 0; m < 4; m++) out[m] = out[m]! + xk * X[j[m]! * n + n - 1]!;
      }
    },
    owns: (v) => v.buffer === buffer,
    capacity: total,
  };
  owners.set(buffer, session);
  return session;
}

/**
 * `n` doubles for a design: in a fresh SIMD session (with `extra` doubles of room for the solver) when
 * `n` is large enough and SIMD is available, else a plain array.
 * @internal
 */
export function designArray(n: number, extra: number, minEntries: number): Float64Array {
  if (n >= minEntries) {
    const s = simdSession(n + extra);
    if (s) return s.alloc(n);
  }
  return new Float64Array(n);
}
