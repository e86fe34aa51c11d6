// Tests of the safetensors codec: layout and ordering of the writer, round trips, files written by the
// official huggingface `safetensors` Python library (0.8.0, installed with pip for the purpose; see
// test/fixtures/make-safetensors-fixture.py), decoding options, and one test per validation rule.
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { engine } from '../../src/engine.js';
import {
  CpuBackend,
  decodeSafetensors,
  encodeSafetensors,
  encodeSafetensorsSync,
  isSparselandError,
  memory,
  parseSafetensorsHeader,
  SAFETENSORS_MAX_HEADER_BYTES,
  type Tensor,
  tensor,
  variable,
  zeros,
} from '../../src/index.js';
import { readTensorData, writeTensorData } from '../../src/io/safetensors-dtype.js';

// ---- helpers -------------------------------------------------------------------------------------

const enc = new TextEncoder();

/** A safetensors file from a header (text or bytes, unpadded unless padded here) and data bytes. */
function file(header: string | Uint8Array, data: ArrayLike<number> = [], n?: number | bigint): Uint8Array {
  const h = typeof header === 'string' ? enc.encode(header) : header;
  const out = new Uint8Array(8 + h.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(n ?? h.length), true);
  out.set(h, 8);
  out.set(Array.from(data), 8 + h.length);
  return out;
}

const entry = (dtype: string, shape: unknown, offsets: unknown): string =>
  JSON.stringify({ dtype, shape, data_offsets: offsets });

/** Assert that `f` throws SAFETENSORS_INVALID whose reason matches `re`, and that it allocated nothing. */
function expectInvalid(f: () => unknown, re: RegExp, tensorName?: string, fn = 'decodeSafetensors'): void {
  const before = memory().numTensors;
  let caught: unknown;
  try {
    f();
  } catch (e) {
    caught = e;
  }
  expect(memory().numTensors).toBe(before);
  expect(caught, 'expected a throw').toBeDefined();
  if (!isSparselandError(caught, 'SPARSELAND__CORE__SAFETENSORS_INVALID')) throw caught;
  expect(caught.context.fn).toBe(fn);
  expect(caught.context.reason).toMatch(re);
  expect(caught.message).toContain(caught.context.reason);
  if (tensorName !== undefined) expect(caught.context.tensor).toBe(tensorName);
}

const decodeInvalid = (bytes: Uint8Array, re: RegExp, tensorName?: string): void =>
  expectInvalid(() => decodeSafetensors(bytes), re, tensorName);

function bits32(a: ArrayLike<number>): number[] {
  return Array.from(new Uint32Array(Float32Array.from(a).buffer));
}

function disposeAll(ts: Record<string, Tensor>): void {
  for (const t of Object.values(ts)) t.dispose();
}

const fixture = (name: string): Uint8Array =>
  new Uint8Array(readFileSync(new URL(`../fixtures/${name}`, import.meta.url)));

// ---- encoding ------------------------------------------------------------------------------------

describe('encodeSafetensors', () => {
  it('writes the documented layout: u64 length, compact sorted JSON padded with spaces, data', async () => {
    const w = tensor([
      [1, 2],
      [3, 4],
    ]);
    const b = zeros([2]);
    const bytes = await encodeSafetensors({ w, b }, { format: 'pt' });
    const header =
      '{"__metadata__":{"format":"pt"},"b":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},' +
      '"w":{"dtype":"F32","shape":[2,2],"data_offsets":[8,24]}}';
    expect(header.length).toBe(141);
    const expected = new Uint8Array(8 + 144 + 24);
    expected[0] = 144;
    expected.set(enc.encode(header), 8);
    expected.fill(0x20, 8 + 141, 8 + 144);
    expected.set(new Uint8Array(new Float32Array([0, 0, 1, 2, 3, 4]).buffer), 152);
    expect(bytes).toEqual(expected);
    expect(encodeSafetensorsSync({ w, b }, { format: 'pt' })).toEqual(expected);
    w.dispose();
    b.dispose();
  });

  it('sorts by descending dtype (F64, F32, I32, U8, BOOL), then by code point, like the official writer', () => {
    const ts = {
      z: tensor([true], { dtype: 'bool' }),
      y: tensor([1], { dtype: 'uint8' }),
      x: tensor([1], { dtype: 'int32' }),
      w: tensor([1], { dtype: 'float32' }),
      v: tensor([1], { dtype: 'float64' }),
      '\uff01': tensor([1]),
      '\u{1f600}': tensor([1]),
      B: tensor([1]),
    };
    const { entries } = parseSafetensorsHeader(encodeSafetensorsSync(ts));
    // U+FF01 sorts before U+1F600 in code points (UTF-8 bytes) although its UTF-16 unit is larger.
    expect(entries.map((e) => e.name)).toEqual(['v', 'B', 'w', '\uff01', '\u{1f600}', 'x', 'y', 'z']);
    expect(entries.map((e) => e.dtype)).toEqual(['F64', 'F32', 'F32', 'F32', 'F32', 'I32', 'U8', 'BOOL']);
    disposeAll(ts);
  });

  it('pads the header to a multiple of 8 for every name length', () => {
    for (let len = 0; len < 16; len++) {
      const t = tensor([1]);
      const bytes = encodeSafetensorsSync({ ['n'.repeat(len)]: t });
      const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
      expect(n % 8).toBe(0);
      const text = new TextDecoder().decode(bytes.subarray(8, 8 + n));
      expect(text.trimEnd().endsWith('}')).toBe(true);
      expect(n - text.trimEnd().length).toBeLessThan(8);
      t.dispose();
    }
  });

  it('writes metadata keys sorted and omits __metadata__ only when metadata is not given', () => {
    const t = tensor([1]);
    const text = (b: Uint8Array): string => new TextDecoder().decode(b.subarray(8)).trimEnd();
    expect(text(encodeSafetensorsSync({ t }, { b: '2', a: '1' }))).toMatch(
      /^\{"__metadata__":\{"a":"1","b":"2"\},"t"/,
    );
    expect(text(encodeSafetensorsSync({ t }, {}))).toMatch(/^\{"__metadata__":\{\},"t"/);
    expect(text(encodeSafetensorsSync({ t }))).toMatch(/^\{"t"/);
    expect(Array.from(encodeSafetensorsSync({}))).toEqual([
      8, 0, 0, 0, 0, 0, 0, 0, 123, 125, 32, 32, 32, 32, 32, 32,
    ]);
    t.dispose();
  });

  it('rejects bad arguments with INVALID_ARGUMENT or DISPOSED', () => {
    const t = tensor([1]);
    const code = (f: () => unknown): string | undefined => {
      try {
        f();
      } catch (e) {
        return isSparselandError(e) ? e.code : 'other';
      }
      return undefined;
    };
    expect(code(() => encodeSafetensorsSync({ __metadata__: t }))).toBe('SPARSELAND__CORE__INVALID_ARGUMENT');
    expect(code(() => encodeSafetensorsSync({ '\ud800': t }))).toBe('SPARSELAND__CORE__INVALID_ARGUMENT');
    expect(code(() => encodeSafetensorsSync({ a: 1 as unknown as Tensor }))).toBe(
      'SPARSELAND__CORE__INVALID_ARGUMENT',
    );
    expect(code(() => encodeSafetensorsSync(t as unknown as Record<string, Tensor>))).toBe(
      'SPARSELAND__CORE__INVALID_ARGUMENT',
    );
    expect(code(() => encodeSafetensorsSync({ t }, { a: 1 as unknown as string }))).toBe(
      'SPARSELAND__CORE__INVALID_ARGUMENT',
    );
    expect(code(() => encodeSafetensorsSync({ t }, { a: '\udc00' }))).toBe(
      'SPARSELAND__CORE__INVALID_ARGUMENT',
    );
    const gone = tensor([1]);
    gone.dispose();
    expect(code(() => encodeSafetensorsSync({ gone }))).toBe('SPARSELAND__CORE__DISPOSED');
    t.dispose();
  });

  it('writes a big-endian host layout identical to the little-endian fast path', () => {
    const cases: [
      Float32Array | Float64Array | Int32Array | Uint8Array,
      'float32' | 'float64' | 'int32' | 'uint8' | 'bool',
    ][] = [
      [new Float32Array([1.5, -0, Number.POSITIVE_INFINITY, 2 ** -149]), 'float32'],
      [new Float64Array([1 / 3, -1e300]), 'float64'],
      [new Int32Array([-(2 ** 31), 2 ** 31 - 1, -1]), 'int32'],
      [new Uint8Array([0, 255, 7]), 'uint8'],
      [new Uint8Array([0, 1, 1]), 'bool'],
    ];
    for (const [values, dtype] of cases) {
      const a = new Uint8Array(values.byteLength + 3);
      const b = new Uint8Array(values.byteLength + 3);
      writeTensorData(a, 3, values, dtype, true);
      writeTensorData(b, 3, values, dtype, false);
      expect(b).toEqual(a);
    }
  });
});

// ---- round trips ---------------------------------------------------------------------------------

describe('round trip', () => {
  it('keeps every dtype bit for bit, with scalars, empty tensors and metadata', async () => {
    const f32 = [
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      -0,
      2 ** -149,
      3.4028234663852886e38,
      0.1,
    ];
    const ts = {
      f32: tensor(new Float32Array(f32), { shape: [7] }),
      f64: tensor(new Float64Array([1 / 3, -0, 5e-324, Number.MAX_VALUE]), { shape: [2, 2] }),
      i32: tensor(new Int32Array([-(2 ** 31), -1, 0, 2 ** 31 - 1, 7, 8]), { shape: [3, 1, 2] }),
      u8: tensor(new Uint8Array([0, 1, 127, 128, 255])),
      bool: tensor([true, false, true, true]),
      scalar: tensor(new Float32Array([-2.5]), { shape: [] }),
      empty: zeros([2, 0, 3], 'int32'),
      empty1: zeros([0], 'bool'),
    };
    const meta = { format: 'sparseland', 'ü "quoted"\n': 'line\nbreak \u{1f600}' };
    const before = memory().numTensors;
    const bytes = await encodeSafetensors(ts, meta);
    const { tensors, metadata } = decodeSafetensors(bytes);
    expect(memory().numTensors).toBe(before + 8);
    expect(metadata).toEqual(meta);
    for (const [name, t] of Object.entries(ts)) {
      const d = tensors[name]!;
      expect(d.dtype, name).toBe(t.dtype);
      expect(d.shape, name).toEqual(t.shape);
      expect(Array.from(d.dataSync()), name).toEqual(Array.from(t.dataSync()));
    }
    expect(bits32(tensors.f32!.dataSync())).toEqual(bits32(f32));
    expect(Object.is(tensors.f64!.dataSync()[1], -0)).toBe(true);
    expect(tensors.scalar!.shape).toEqual([]);
    // exact bytes: encoding the decoded tensors reproduces the file
    expect(encodeSafetensorsSync(tensors, metadata)).toEqual(bytes);
    disposeAll(tensors);
    disposeAll(ts);
  });

  it('round-trips many tensors and a "__proto__" name without touching prototypes', () => {
    const ts: Record<string, Tensor> = {};
    for (let i = 0; i < 200; i++) ts[`layers.${i}.w`] = tensor([i, -i, i / 7]);
    Object.defineProperty(ts, '__proto__', { value: tensor([9]), enumerable: true });
    const bytes = encodeSafetensorsSync(ts);
    const { tensors } = decodeSafetensors(bytes);
    expect(Object.keys(tensors)).toHaveLength(201);
    expect(Object.getPrototypeOf(tensors)).toBe(Object.prototype);
    expect(Object.hasOwn(tensors, '__proto__')).toBe(true);
    expect(Array.from(tensors['layers.150.w']!.dataSync())).toEqual(
      Array.from(new Float32Array([150, -150, 150 / 7])),
    );
    expect(encodeSafetensorsSync(tensors)).toEqual(bytes);
    disposeAll(tensors);
    disposeAll(ts);
  });

  it('encodes variables like tensors', () => {
    const v = variable(tensor([1, 2]), { name: 'v' });
    const { tensors } = decodeSafetensors(encodeSafetensorsSync({ v }));
    expect(Array.from(tensors.v!.dataSync())).toEqual([1, 2]);
    disposeAll(tensors);
    v.dispose();
  });
});

// ---- the official library's files -----------------------------------------------------------------

describe('fixtures written by the official safetensors library (test/fixtures/make-safetensors-fixture.py)', () => {
  const names = [
    'b',
    'a',
    'B',
    'a.10',
    'a.9',
    '\u00e9',
    '\u{1f600}',
    '\uff01',
    'quote"back\\slash\nnl\u0001ctl',
  ];

  function referenceTensors(): Record<string, Tensor> {
    const ts: Record<string, Tensor> = {
      weight: tensor([
        [-1.25, -0.75, -0.25],
        [0.25, 0.75, 1.25],
      ]),
      special: tensor([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 2 ** -149]),
      bias: tensor(new Float64Array([1 / 3, -2.5, 1e-300])),
      ids: tensor(new Int32Array([-(2 ** 31), -1, 0, 2 ** 31 - 1])),
      bytes: tensor(new Uint8Array([0, 1, 128, 255]), { shape: [2, 2] }),
      mask: tensor([true, false, true]),
      scalar: tensor(new Float32Array([42]), { shape: [] }),
      empty: zeros([0, 4]),
    };
    names.forEach((n, i) => {
      ts[n] = tensor(new Int32Array([i]));
    });
    return ts;
  }

  it('decodes reference.safetensors to the values the script wrote', () => {
    const { tensors, metadata } = decodeSafetensors(fixture('reference.safetensors'));
    const expected = referenceTensors();
    expect(Object.keys(tensors).sort()).toEqual(Object.keys(expected).sort());
    for (const [name, t] of Object.entries(expected)) {
      const d = tensors[name]!;
      expect([d.dtype, d.shape], name).toEqual([t.dtype, t.shape]);
      expect(Array.from(d.dataSync()), name).toEqual(Array.from(t.dataSync()));
    }
    expect(bits32(tensors.special!.dataSync())).toEqual([0x7fc00000, 0x7f800000, 0xff800000, 0x80000000, 1]);
    expect(metadata).toEqual({ generator: 'safetensors 0.8.0 (Python)' });
    disposeAll(tensors);
    disposeAll(expected);
  });

  it('encodes the same tensors to the identical bytes', async () => {
    const ts = referenceTensors();
    const bytes = await encodeSafetensors(ts, { generator: 'safetensors 0.8.0 (Python)' });
    expect(bytes).toEqual(fixture('reference.safetensors'));
    disposeAll(ts);
  });

  it('widens F16, BF16, I8, I16, U16 losslessly and converts U32, I64, U64 only on request', () => {
    const bytes = fixture('reference-extra-dtypes.safetensors');
    const all = ['f16', 'bf16', 'i8', 'i16', 'u16'];
    const { tensors } = decodeSafetensors(bytes, { names: all });
    const h = tensors;
    expect(h.f16!.dtype).toBe('float32');
    // binary16 closed forms: 1, -2, 65504, 2^-14, 2^-24, inf, -0, 0x3555 = (1 + 341/1024) / 4
    expect(Array.from(h.f16!.dataSync())).toEqual([
      1,
      -2,
      65504,
      2 ** -14,
      2 ** -24,
      Number.POSITIVE_INFINITY,
      -0,
      (1 + 341 / 1024) / 4,
    ]);
    expect(Object.is(h.f16!.dataSync()[6], -0)).toBe(true);
    expect(h.bf16!.shape).toEqual([2, 3]);
    expect(Array.from(h.bf16!.dataSync())).toEqual([
      1,
      -2,
      3.140625,
      Number.NEGATIVE_INFINITY,
      2 ** -133,
      (2 - 2 ** -7) * 2 ** 127,
    ]);
    expect([h.i8!.dtype, Array.from(h.i8!.dataSync())]).toEqual(['int32', [-128, 127, 0, -1]]);
    expect(Array.from(h.i16!.dataSync())).toEqual([-32768, 32767]);
    expect(Array.from(h.u16!.dataSync())).toEqual([0, 65535]);
    disposeAll(tensors);

    const wide = decodeSafetensors(bytes, {
      names: ['u32', 'i64', 'u64', 'i64small'],
      dtypes: { U32: 'float64', I64: 'float64', U64: 'float64' },
    }).tensors;
    expect(Array.from(wide.u32!.dataSync())).toEqual([0, 2 ** 31 - 1, 2 ** 32 - 1]);
    expect(Array.from(wide.i64!.dataSync())).toEqual([-(2 ** 31), 2 ** 31 - 1, 2 ** 40]);
    expect(Array.from(wide.u64!.dataSync())).toEqual([0, 2 ** 53]);
    disposeAll(wide);

    const narrow = decodeSafetensors(bytes, { names: ['i64small'], dtypes: { I64: 'int32' } }).tensors;
    expect([narrow.i64small!.dtype, Array.from(narrow.i64small!.dataSync())]).toEqual([
      'int32',
      [-7, 2 ** 31 - 1],
    ]);
    disposeAll(narrow);
  });

  it('refuses U32, I64, U64 without a mapping, values that do not fit, and undecodable dtypes', () => {
    const bytes = fixture('reference-extra-dtypes.safetensors');
    expectInvalid(
      () => decodeSafetensors(bytes, { names: ['i64small'] }),
      /'I64' has no lossless.*opts\.dtypes/,
      'i64small',
    );
    expectInvalid(() => decodeSafetensors(bytes, { names: ['u32'] }), /'U32' has no lossless/, 'u32');
    expectInvalid(
      () => decodeSafetensors(bytes, { names: ['i16', 'i64'], dtypes: { I64: 'int32' } }),
      /value 1099511627776 at flat index 2 of I64 data does not fit int32/,
      'i64',
    );
    expectInvalid(
      () => decodeSafetensors(bytes, { names: ['u32'], dtypes: { U32: 'int32' } }),
      /value 4294967295 at flat index 2 of U32 data does not fit int32/,
      'u32',
    );
    expectInvalid(
      () => decodeSafetensors(bytes, { names: ['f8'] }),
      /'F8_E4M3' is not supported.*decodable: BOOL/,
      'f8',
    );
    // the whole file: the first undecodable entry in data order is reported
    expectInvalid(() => decodeSafetensors(bytes), /has no lossless/, 'u64');
    // the header itself is fine
    const { entries } = parseSafetensorsHeader(bytes);
    expect(entries.find((e) => e.name === 'f8')).toMatchObject({
      dtype: 'F8_E4M3',
      shape: [2],
      size: 2,
      byteLength: 2,
    });
  });
});

// ---- decoding options and details -------------------------------------------------------------------

describe('decodeSafetensors', () => {
  it('maps dtypes on request: F64 to float32 rounds, U8 to int32 and bool, I32 to uint8 range-checked', () => {
    const ts = {
      d: tensor(new Float64Array([1 / 3, 1e300])),
      u: tensor(new Uint8Array([0, 2, 255])),
      i: tensor(new Int32Array([0, 255])),
    };
    const bytes = encodeSafetensorsSync(ts);
    const { tensors } = decodeSafetensors(bytes, { dtypes: { F64: 'float32', U8: 'bool', I32: 'uint8' } });
    expect(tensors.d!.dtype).toBe('float32');
    expect(Array.from(tensors.d!.dataSync())).toEqual([Math.fround(1 / 3), Number.POSITIVE_INFINITY]);
    expect([tensors.u!.dtype, Array.from(tensors.u!.dataSync())]).toEqual(['bool', [0, 1, 1]]);
    expect([tensors.i!.dtype, Array.from(tensors.i!.dataSync())]).toEqual(['uint8', [0, 255]]);
    disposeAll(tensors);
    const i2 = decodeSafetensors(bytes, { dtypes: { U8: 'int32' }, names: ['u'] }).tensors;
    expect([i2.u!.dtype, Array.from(i2.u!.dataSync())]).toEqual(['int32', [0, 2, 255]]);
    disposeAll(i2);
    const bad = encodeSafetensorsSync({ i: tensor(new Int32Array([5, -1])) });
    expectInvalid(
      () => decodeSafetensors(bad, { dtypes: { I32: 'uint8' } }),
      /value -1 at flat index 1 of I32 data does not fit uint8/,
      'i',
    );
    disposeAll(ts);
  });

  it('rejects bad options with INVALID_ARGUMENT', () => {
    const bytes = encodeSafetensorsSync({ a: tensor([1]) });
    const code = (f: () => unknown): string | undefined => {
      try {
        f();
      } catch (e) {
        return isSparselandError(e) ? `${e.code} ${e.message}` : 'other';
      }
      return undefined;
    };
    expect(code(() => decodeSafetensors(bytes, { dtypes: { F32: 'int32' } }))).toMatch(
      /INVALID_ARGUMENT.*F32 is a float dtype/,
    );
    expect(code(() => decodeSafetensors(bytes, { dtypes: { F8_E4M3: 'float32' } }))).toMatch(
      /INVALID_ARGUMENT.*decodable/,
    );
    expect(code(() => decodeSafetensors(bytes, { dtypes: { F32: 'half' as 'float32' } }))).toMatch(
      /INVALID_ARGUMENT/,
    );
    expect(code(() => decodeSafetensors(bytes, { names: ['nope'] }))).toMatch(
      /INVALID_ARGUMENT.*opts\.names\[0\].*"nope"/,
    );
    expect(code(() => decodeSafetensors('x' as unknown as Uint8Array))).toMatch(/INVALID_ARGUMENT.*'bytes'/);
    expect(code(() => parseSafetensorsHeader(bytes, { byteLength: 3 }))).toMatch(
      /INVALID_ARGUMENT.*byteLength/,
    );
  });

  it('decodes a subset with names, creating exactly those tensors', () => {
    const ts = { a: tensor([1]), b: tensor([2]), c: tensor([3]) };
    const bytes = encodeSafetensorsSync(ts);
    const before = memory().numTensors;
    const { tensors } = decodeSafetensors(bytes, { names: ['c', 'a', 'c'] });
    expect(memory().numTensors).toBe(before + 2);
    expect(Object.keys(tensors).sort()).toEqual(['a', 'c']);
    disposeAll(tensors);
    disposeAll(ts);
  });

  it('accepts an ArrayBuffer, a view at an odd offset, and data at unaligned offsets', () => {
    const t = tensor([1.5, -2, 3.25]);
    const bytes = encodeSafetensorsSync({ t });
    const fromBuffer = decodeSafetensors(bytes.slice().buffer).tensors;
    expect(Array.from(fromBuffer.t!.dataSync())).toEqual([1.5, -2, 3.25]);
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    const fromView = decodeSafetensors(shifted.subarray(1)).tensors;
    expect(Array.from(fromView.t!.dataSync())).toEqual([1.5, -2, 3.25]);
    // An unpadded 13-byte header puts F32 and F64 data at odd absolute offsets (21 and 25).
    const header = `{"a":${entry('F32', [1], [0, 4])},"b":${entry('F64', [1], [4, 12])}}`;
    const data = new Uint8Array(12);
    new DataView(data.buffer).setFloat32(0, 0.75, true);
    new DataView(data.buffer).setFloat64(4, -1 / 3, true);
    const odd = decodeSafetensors(file(header, data)).tensors;
    expect(Array.from(odd.a!.dataSync())).toEqual([0.75]);
    expect(Array.from(odd.b!.dataSync())).toEqual([-1 / 3]);
    for (const x of [fromBuffer, fromView, odd]) disposeAll(x);
    t.dispose();
  });

  it('reads BOOL bytes other than 0 and 1 as true, and accepts `"__metadata__": null`', () => {
    const { tensors, metadata } = decodeSafetensors(
      file(`{"__metadata__":null,"m":${entry('BOOL', [3], [0, 3])}}`, [0, 3, 255]),
    );
    expect(Array.from(tensors.m!.dataSync())).toEqual([0, 1, 1]);
    expect(metadata).toEqual({});
    disposeAll(tensors);
  });

  it('reads the same values through the big-endian (DataView) path as through the byte-copy path', () => {
    const bytes = fixture('reference.safetensors');
    const { entries } = parseSafetensorsHeader(bytes);
    const fail = (r: string): never => {
      throw new Error(r);
    };
    for (const e of entries) {
      const target = ({ F32: 'float32', F64: 'float64', I32: 'int32', U8: 'uint8', BOOL: 'bool' } as const)[
        e.dtype as 'F32'
      ];
      const fast = readTensorData(bytes, e.byteOffset, e.size, e.dtype, target, fail, true);
      const slow = readTensorData(bytes, e.byteOffset, e.size, e.dtype, target, fail, false);
      expect(Array.from(slow), e.name).toEqual(Array.from(fast));
    }
  });

  it('refuses a dtype the active backend cannot store, before creating anything', () => {
    const bytes = encodeSafetensorsSync({ a: tensor([1]), d: tensor(new Float64Array([2])) });
    // float64 lives on cpu whatever the active backend: refuse it only when cpu cannot store it either
    const spy = vi.spyOn(engine.backend, 'supportsDType').mockImplementation((d) => d !== 'float64');
    const cpuSpy = vi.spyOn(CpuBackend.prototype, 'supportsDType').mockImplementation((d) => d !== 'float64');
    try {
      expectInvalid(
        () => decodeSafetensors(bytes),
        new RegExp(`decodes to float64, which backend '${engine.backend.name}' cannot store.*F64: 'float32'`),
        'd',
      );
      const { tensors } = decodeSafetensors(bytes, { dtypes: { F64: 'float32' } });
      expect(tensors.d!.dtype).toBe('float32');
      disposeAll(tensors);
    } finally {
      spy.mockRestore();
      cpuSpy.mockRestore();
    }
  });

  it('releases the tensors it made when creating a later one fails', () => {
    const bytes = encodeSafetensorsSync({ a: tensor([1]), b: tensor([2]), c: tensor([3]) });
    let calls = 0;
    const original = engine.makeTensor.bind(engine);
    const spy = vi.spyOn(engine, 'makeTensor').mockImplementation((...args) => {
      if (++calls === 3) throw new Error('device lost');
      return original(...args);
    });
    const before = memory().numTensors;
    try {
      expect(() => decodeSafetensors(bytes)).toThrow('device lost');
    } finally {
      spy.mockRestore();
    }
    expect(memory().numTensors).toBe(before);
  });
});

// ---- parseSafetensorsHeader --------------------------------------------------------------------------

describe('parseSafetensorsHeader', () => {
  it('returns entries in data order with absolute byte ranges, creating no tensor', () => {
    const t = tensor([
      [1, 2],
      [3, 4],
    ]);
    const bytes = encodeSafetensorsSync({ w: t, m: tensor([true]) }, { k: 'v' });
    const before = memory().numTensors;
    const h = parseSafetensorsHeader(bytes);
    expect(memory().numTensors).toBe(before);
    expect(h.metadata).toEqual({ k: 'v' });
    expect(h.dataByteOffset).toBe(8 + h.headerByteLength);
    expect(h.dataByteLength).toBe(17);
    expect(h.entries).toEqual([
      {
        name: 'w',
        dtype: 'F32',
        shape: [2, 2],
        size: 4,
        dataOffsets: [0, 16],
        byteOffset: h.dataByteOffset,
        byteLength: 16,
      },
      {
        name: 'm',
        dtype: 'BOOL',
        shape: [1],
        size: 1,
        dataOffsets: [16, 17],
        byteOffset: h.dataByteOffset + 16,
        byteLength: 1,
      },
    ]);
    const one = parseSafetensorsHeader(encodeSafetensorsSync({ w: t })).entries[0];
    expect(one).toEqual({
      name: 'w',
      dtype: 'F32',
      shape: [2, 2],
      size: 4,
      dataOffsets: [0, 16],
      byteOffset: 72,
      byteLength: 16,
    });
    t.dispose();
  });

  it('checks a header from a prefix of the file given the total length', () => {
    const bytes = encodeSafetensorsSync({ a: zeros([100]) });
    const n = 8 + Number(new DataView(bytes.buffer).getBigUint64(0, true));
    const h = parseSafetensorsHeader(bytes.subarray(0, n), { byteLength: bytes.length });
    expect(h.entries[0]!.byteOffset + h.entries[0]!.byteLength).toBe(bytes.length);
    expectInvalid(
      () => parseSafetensorsHeader(bytes.subarray(0, n), { byteLength: bytes.length + 4 }),
      /last 4 bytes of the data section are not indexed/,
      undefined,
      'parseSafetensorsHeader',
    );
    expectInvalid(
      () => parseSafetensorsHeader(bytes.subarray(0, n - 1), { byteLength: bytes.length }),
      /prefix of the file is too short/,
      undefined,
      'parseSafetensorsHeader',
    );
  });

  it('accepts entries in any order, empty tensors at boundaries, extra fields and JSON whitespace', () => {
    const header = ` {"b":${entry('U8', [2], [1, 3])} , "e":{"dtype":"F32","shape":[0,5],"data_offsets":[3,3],"note":[1]},"a":${entry('U8', [], [0, 1])}}\n\t `;
    const h = parseSafetensorsHeader(file(`{${header.slice(2)}`, [7, 8, 9]));
    expect(h.entries.map((e) => e.name)).toEqual(['a', 'b', 'e']);
  });
});

// ---- validation: one test per rule -----------------------------------------------------------------

describe('validation of untrusted bytes (SPARSELAND__CORE__SAFETENSORS_INVALID)', () => {
  const ok = `{"a":${entry('U8', [2], [0, 2])}}`;

  it('sanity: the base file used below is valid', () => {
    const { tensors } = decodeSafetensors(file(ok, [1, 2]));
    expect(Array.from(tensors.a!.dataSync())).toEqual([1, 2]);
    disposeAll(tensors);
  });

  it('buffer shorter than the 8-byte prefix', () => {
    decodeInvalid(new Uint8Array(0), /0 bytes, fewer than the 8/);
    decodeInvalid(new Uint8Array(7), /7 bytes, fewer than the 8/);
  });

  it('header length of 2^53 or more', () => {
    decodeInvalid(file(ok, [1, 2], 2n ** 53n), /header length 9007199254740992 is at least 2\^53/);
    decodeInvalid(file(ok, [1, 2], 2n ** 64n - 1n), /header length 18446744073709551615 is at least 2\^53/);
  });

  it('header length above the 100 MB limit', () => {
    decodeInvalid(
      file(ok, [1, 2], 2n ** 53n - 1n),
      /header length 9007199254740991 exceeds the limit of 100000000/,
    );
    decodeInvalid(file(ok, [1, 2], SAFETENSORS_MAX_HEADER_BYTES + 1), /exceeds the limit of 100000000 bytes/);
  });

  it('header length larger than the buffer', () => {
    const n = enc.encode(ok).length;
    decodeInvalid(
      file(ok, [1, 2], n + 3),
      new RegExp(`header length ${n + 3} exceeds the ${n + 2} bytes available`),
    );
  });

  it('header that is not valid UTF-8', () => {
    const h = enc.encode(`{"a\u00e9":${entry('U8', [2], [0, 2])}}`);
    decodeInvalid(file(h.slice(0, 4), [], 4), /not valid UTF-8/); // truncated 2-byte sequence
    const bad = h.slice();
    bad[3] = 0xff;
    decodeInvalid(file(bad, [1, 2]), /not valid UTF-8/);
    decodeInvalid(file(new Uint8Array([0x7b, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x7d]), []), /not valid UTF-8/); // CESU surrogate
  });

  it("header that does not begin with '{' (empty, array, BOM, leading space)", () => {
    decodeInvalid(file('', []), /header is empty/);
    decodeInvalid(file('[]', []), /beginning with '\{'; it begins with "\[\]"/);
    decodeInvalid(file(`\ufeff${ok}`, [1, 2]), /beginning with '\{'; it begins with "\ufeff\{/);
    decodeInvalid(file(` ${ok}`, [1, 2]), /beginning with '\{'/);
  });

  it('header that is not valid JSON, or has bytes after the object other than whitespace', () => {
    decodeInvalid(file('{"a":', []), /not valid JSON/);
    decodeInvalid(file(`${ok}\0`, [1, 2]), /not valid JSON/);
    decodeInvalid(file(`${ok}x`, [1, 2]), /not valid JSON/);
  });

  it('nesting deeper than 127 levels (the official reader accepts 127 and rejects 128)', () => {
    const nested = (depth: number): string =>
      `{"a":{"dtype":"U8","shape":[0],"data_offsets":[0,0],"x":${'['.repeat(depth - 2)}${']'.repeat(depth - 2)}}}`;
    const h = parseSafetensorsHeader(file(nested(127)));
    expect(h.entries).toHaveLength(1);
    decodeInvalid(file(nested(128)), /nests brackets deeper than 127 levels/);
    // brackets inside strings do not count, and millions of brackets are refused by the depth scan (its reason,
    // not a JSON or entry error, shows JSON.parse never ran on them; timing is for benchmarks, not tests)
    const inString = `{"__metadata__":{"k":"${'[{'.repeat(1000)}\\\\"}}`; // the value ends with an escaped backslash
    expect(parseSafetensorsHeader(file(inString)).metadata.k).toBe(`${'[{'.repeat(1000)}\\`);
    decodeInvalid(file(`{"a":${'['.repeat(5_000_000)}${']'.repeat(5_000_000)}}`), /deeper than 127/);
  });

  it('entry that is not an object', () => {
    for (const v of ['1', '"F32"', '[0,1]', 'null', 'true']) {
      decodeInvalid(file(`{"a":${v}}`, []), /header entry must be an object/, 'a');
    }
  });

  it('entry without dtype, shape or data_offsets', () => {
    decodeInvalid(file('{"a":{"shape":[2],"data_offsets":[0,2]}}', [1, 2]), /no "dtype" field/, 'a');
    decodeInvalid(file('{"a":{"dtype":"U8","data_offsets":[0,2]}}', [1, 2]), /no "shape" field/, 'a');
    decodeInvalid(file('{"a":{"dtype":"U8","shape":[2]}}', [1, 2]), /no "data_offsets" field/, 'a');
  });

  it('unknown dtype, naming the dtypes the format defines', () => {
    decodeInvalid(
      file(`{"a":${entry('X8', [2], [0, 2])}}`, [1, 2]),
      /unknown dtype the string "X8" \(the format defines BOOL, F4/,
      'a',
    );
    decodeInvalid(file(`{"a":${entry('u8', [2], [0, 2])}}`, [1, 2]), /unknown dtype the string "u8"/, 'a');
    decodeInvalid(
      file('{"a":{"dtype":8,"shape":[2],"data_offsets":[0,2]}}', [1, 2]),
      /unknown dtype number 8/,
      'a',
    );
  });

  it('known dtype that decodeSafetensors cannot decode (parseSafetensorsHeader accepts it)', () => {
    const bytes = file(`{"a":${entry('C64', [1], [0, 8])}}`, new Uint8Array(8));
    decodeInvalid(bytes, /'C64' is not supported by decodeSafetensors/, 'a');
    expect(parseSafetensorsHeader(bytes).entries[0]!.dtype).toBe('C64');
  });

  it('shape that is not an array of non-negative safe integers', () => {
    const bad: [unknown, RegExp][] = [
      [null, /"shape" must be an array.*got null/],
      ['2', /"shape" must be an array.*got the string "2"/],
      [[true], /"shape" must be an array.*holds boolean true/],
      [[[2]], /"shape" must be an array.*holds an array/],
      [[2 ** 53], /"shape" must be an array of non-negative safe integers; it holds number 9007199254740992/],
    ];
    for (const [shape, re] of bad)
      decodeInvalid(file(`{"a":${entry('U8', shape, [0, 2])}}`, [1, 2]), re, 'a');
    // literals that JSON.parse would turn into integers, rejected as the official reader does
    decodeInvalid(
      file('{"a":{"dtype":"U8","shape":[-2],"data_offsets":[0,2]}}', [1, 2]),
      /"shape" must hold non-negative integers.*got -2/,
      'a',
    );
    decodeInvalid(
      file('{"a":{"dtype":"U8","shape":[2.0],"data_offsets":[0,2]}}', [1, 2]),
      /"shape" must hold.*got 2\.0/,
      'a',
    );
    decodeInvalid(
      file('{"a":{"dtype":"U8","shape":[2e0],"data_offsets":[0,2]}}', [1, 2]),
      /"shape" must hold.*got 2e0/,
      'a',
    );
    decodeInvalid(file('{"a":{"dtype":"U8","shape":[1.5],"data_offsets":[0,2]}}', [1, 2]), /got 1\.5/, 'a');
  });

  it('data_offsets that are not two non-negative safe integers with begin <= end', () => {
    const bad: [unknown, RegExp][] = [
      [[0], /"data_offsets" must be two.*got \[number 0\]/],
      [[0, 2, 2], /"data_offsets" must be two.*got \[number 0, number 2, number 2\]/],
      [{ 0: 0 }, /"data_offsets" must be two.*got an object/],
      [['0', 2], /"data_offsets" must be two.*the string "0"/],
      [[0, 2 ** 60], /"data_offsets" must be two.*number 1152921504606847000/],
    ];
    for (const [offsets, re] of bad)
      decodeInvalid(file(`{"a":${entry('U8', [2], offsets)}}`, [1, 2]), re, 'a');
    decodeInvalid(
      file('{"a":{"dtype":"U8","shape":[2],"data_offsets":[0,-2]}}', [1, 2]),
      /"data_offsets" must hold non-negative integers.*got -2/,
      'a',
    );
    decodeInvalid(
      file('{"a":{"dtype":"U8","shape":[2],"data_offsets":[0.0,2]}}', [1, 2]),
      /"data_offsets" must hold.*got 0\.0/,
      'a',
    );
    decodeInvalid(
      file(`{"a":${entry('U8', [0], [2, 0])}}`, [1, 2]),
      /data_offsets \[2, 0\] end before they begin/,
      'a',
    );
  });

  it('byte count different from product(shape) * itemsize', () => {
    decodeInvalid(
      file(`{"a":${entry('F32', [2], [0, 4])}}`, [1, 2, 3, 4]),
      /span 4 bytes, but shape \[2\] of F32 needs 8 bytes/,
      'a',
    );
    decodeInvalid(
      file(`{"a":${entry('U8', [], [0, 2])}}`, [1, 2]),
      /span 2 bytes, but shape \[\] of U8 needs 1 bytes/,
      'a',
    );
    decodeInvalid(
      file(`{"a":${entry('U8', [2, 0], [0, 2])}}`, [1, 2]),
      /shape \[2, 0\] of U8 needs 0 bytes/,
      'a',
    );
  });

  it('sub-byte dtypes that do not end on a byte boundary', () => {
    decodeInvalid(
      file(`{"a":${entry('F4', [3], [0, 2])}}`, [1, 2]),
      /\[3\] of F4 needs 12 bits, which do not end on a byte boundary/,
      'a',
    );
    expect(
      parseSafetensorsHeader(file(`{"a":${entry('F4', [4], [0, 2])}}`, [1, 2])).entries[0]!.byteLength,
    ).toBe(2);
  });

  it('element count overflow: more than 2^53 elements, or bytes beyond the data', () => {
    decodeInvalid(
      file(`{"a":${entry('U8', [2 ** 26, 2 ** 26, 2 ** 26], [0, 2])}}`, [1, 2]),
      /more than 2\^53 elements/,
      'a',
    );
    decodeInvalid(
      file(`{"a":${entry('F64', [2 ** 50, 2 ** 2], [0, 2])}}`, [1, 2]),
      /more than 2\^53 bits/,
      'a',
    );
    decodeInvalid(
      file(`{"a":${entry('U8', [2 ** 40, 2], [0, 2])}}`, [1, 2]),
      /needs 2199023255552 bytes/,
      'a',
    );
    // a zero dimension makes the product 0 whatever follows... unless the prefix already overflowed
    const h = parseSafetensorsHeader(file(`{"a":${entry('U8', [0, 2 ** 52, 2 ** 52], [0, 0])}}`, []));
    expect(h.entries[0]!.size).toBe(0);
  });

  it('offsets out of range of the data section', () => {
    decodeInvalid(
      file(`{"a":${entry('U8', [3], [0, 3])}}`, [1, 2]),
      /data_offsets \[0, 3\] are out of range: the data section has 2 bytes/,
      'a',
    );
  });

  it('overlapping offsets', () => {
    const h = `{"a":${entry('U8', [2], [0, 2])},"b":${entry('U8', [2], [1, 3])}}`;
    decodeInvalid(
      file(h, [1, 2, 3]),
      /data_offsets \[1, 3\] overlap those of tensor "a", which end at 2/,
      'b',
    );
    const same = `{"a":${entry('U8', [2], [0, 2])},"b":${entry('U8', [2], [0, 2])}}`;
    decodeInvalid(file(same, [1, 2]), /overlap those of tensor "a"/, 'b');
    // an empty tensor inside another one's bytes
    const inside = `{"a":${entry('U8', [2], [0, 2])},"e":${entry('U8', [0], [1, 1])}}`;
    decodeInvalid(file(inside, [1, 2]), /data_offsets \[1, 1\] overlap/, 'e');
  });

  it('gapped offsets, including data not starting at 0', () => {
    const h = `{"a":${entry('U8', [1], [0, 1])},"b":${entry('U8', [1], [2, 3])}}`;
    decodeInvalid(file(h, [1, 2, 3]), /gap of 1 unindexed bytes at offset 1/, 'b');
    decodeInvalid(
      file(`{"a":${entry('U8', [1], [1, 2])}}`, [1, 2]),
      /gap of 1 unindexed bytes at offset 0/,
      'a',
    );
  });

  it('trailing bytes that no tensor indexes', () => {
    decodeInvalid(file(ok, [1, 2, 3]), /the last 1 bytes of the data section are not indexed/);
    decodeInvalid(file('{}', [0]), /the last 1 bytes/);
  });

  it('metadata that is not a string-to-string map', () => {
    decodeInvalid(file('{"__metadata__":[]}', []), /"__metadata__" must be an object.*got an array/);
    decodeInvalid(file('{"__metadata__":"x"}', []), /"__metadata__" must be an object.*got the string "x"/);
    decodeInvalid(file('{"__metadata__":{"k":1}}', []), /values must be strings; key "k" holds number 1/);
    decodeInvalid(file('{"__metadata__":{"k":null}}', []), /key "k" holds null/);
  });

  it('duplicate keys at every level (JSON.parse would keep the last one)', () => {
    const a = entry('U8', [2], [0, 2]);
    decodeInvalid(file(`{"a":${a},"a":${a}}`, [1, 2]), /duplicate tensor name "a" in the header/, 'a');
    decodeInvalid(file(`{"a":${a},"\\u0061":${a}}`, [1, 2]), /duplicate tensor name "a"/, 'a');
    decodeInvalid(file('{"__metadata__":{},"__metadata__":{}}', []), /duplicate key "__metadata__"/);
    decodeInvalid(file('{"__metadata__":{"k":"1","k":"2"}}', []), /duplicate key "k" in "__metadata__"/);
    decodeInvalid(
      file('{"a":{"dtype":"U8","dtype":"U8","shape":[2],"data_offsets":[0,2]}}', [1, 2]),
      /duplicate field "dtype"/,
      'a',
    );
    decodeInvalid(
      file('{"a":{"dtype":"U8","shape":[2],"data_offsets":[0,2],"x":{"y":1,"y":2}}}', [1, 2]),
      /duplicate key "y" inside/,
      'a',
    );
    // keys that merely look alike are fine
    const h = parseSafetensorsHeader(
      file(`{"a":${entry('U8', [1], [0, 1])},"A":${entry('U8', [1], [1, 2])}}`, [1, 2]),
    );
    expect(h.entries).toHaveLength(2);
  });

  it('unpaired surrogate escapes (JSON.parse accepts them, UTF-8 cannot carry them)', () => {
    decodeInvalid(
      file(`{"\\ud800":${entry('U8', [2], [0, 2])}}`, [1, 2]),
      /escapes an unpaired UTF-16 surrogate/,
    );
    decodeInvalid(file('{"__metadata__":{"k":"\\udc00"}}', []), /unpaired UTF-16 surrogate/);
    const pair = decodeSafetensors(file(`{"\\ud83d\\ude00":${entry('U8', [2], [0, 2])}}`, [1, 2])).tensors;
    expect(Object.keys(pair)).toEqual(['\u{1f600}']);
    disposeAll(pair);
  });

  it('a failed decode leaves no tensor behind, a successful one makes one per entry', () => {
    const good = encodeSafetensorsSync({ a: tensor([1]), b: tensor([2]), c: tensor(new Int32Array([3])) });
    const before = memory().numTensors;
    const { tensors } = decodeSafetensors(good);
    expect(memory().numTensors).toBe(before + 3);
    disposeAll(tensors);
    expect(memory().numTensors).toBe(before);
    // fails during conversion of the last tensor, after two were converted
    const late = file(
      `{"a":${entry('F32', [1], [0, 4])},"b":${entry('F32', [1], [4, 8])},"c":${entry('I64', [1], [8, 16])}}`,
      [...new Uint8Array(8), 0, 0, 0, 0, 1, 0, 0, 0],
    );
    expectInvalid(() => decodeSafetensors(late, { dtypes: { I64: 'int32' } }), /does not fit int32/, 'c');
  });
});
