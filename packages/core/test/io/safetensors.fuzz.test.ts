// Property tests for the safetensors codec. Seeded and bounded: the file runs in a few seconds.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type DType,
  decodeSafetensors,
  encodeSafetensorsSync,
  isSparselandError,
  memory,
  parseSafetensorsHeader,
  type Tensor,
  tensor,
} from '../../src/index.js';

const SEED = 20240601;
const enc = new TextEncoder();

/** Decode `bytes`; the only acceptable failure is SAFETENSORS_INVALID, and a failure must leak nothing. */
function decodeOrInvalid(bytes: Uint8Array): Record<string, Tensor> | undefined {
  const before = memory().numTensors;
  try {
    const { tensors } = decodeSafetensors(bytes);
    expect(memory().numTensors).toBe(before + Object.keys(tensors).length);
    return tensors;
  } catch (e) {
    if (!isSparselandError(e, 'SPARSELAND__CORE__SAFETENSORS_INVALID')) throw e;
    expect(e.context.fn).toBe('decodeSafetensors');
    expect(e.context.reason.length).toBeGreaterThan(0);
    expect(memory().numTensors).toBe(before);
    return undefined;
  }
}

function decodeAndRelease(bytes: Uint8Array): boolean {
  const tensors = decodeOrInvalid(bytes);
  if (tensors === undefined) return false;
  // anything decoded must also be consistent with the header
  const { entries } = parseSafetensorsHeader(bytes);
  expect(Object.keys(tensors).length).toBe(entries.length);
  for (const t of Object.values(tensors)) t.dispose();
  return true;
}

function withPrefix(header: Uint8Array, data: Uint8Array, n: number = header.length): Uint8Array {
  const out = new Uint8Array(8 + header.length + data.length);
  new DataView(out.buffer).setUint32(0, n, true);
  out.set(header, 8);
  out.set(data, 8 + header.length);
  return out;
}

// ---- arbitraries -----------------------------------------------------------------------------------

interface Spec {
  dtype: DType;
  shape: number[];
  values: number[];
}

const shapeArb = fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 3 });

function valuesArb(dtype: DType, n: number): fc.Arbitrary<number[]> {
  const len = { minLength: n, maxLength: n };
  switch (dtype) {
    case 'float32':
      return fc.array(fc.float(), len); // includes NaN, ±Infinity, -0 and subnormals
    case 'float64':
      return fc.array(fc.double(), len);
    case 'int32':
      return fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), len);
    case 'uint8':
      return fc.array(fc.integer({ min: 0, max: 255 }), len);
    default:
      return fc.array(fc.integer({ min: 0, max: 1 }), len);
  }
}

const specArb: fc.Arbitrary<Spec> = fc
  .tuple(fc.constantFrom<DType>('float32', 'float64', 'int32', 'uint8', 'bool'), shapeArb)
  .chain(([dtype, shape]) =>
    valuesArb(
      dtype,
      shape.reduce((a, b) => a * b, 1),
    ).map((values) => ({ dtype, shape, values })),
  );

const nameArb = fc.string({ unit: 'binary', maxLength: 6 }).filter((s) => s !== '__metadata__');

const dictArb = fc.record({
  specs: fc.dictionary(nameArb, specArb, { maxKeys: 5 }),
  metadata: fc.option(
    fc.dictionary(fc.string({ unit: 'binary', maxLength: 5 }), fc.string({ unit: 'binary', maxLength: 8 }), {
      maxKeys: 3,
    }),
    {
      nil: undefined,
    },
  ),
});

function build(specs: Record<string, Spec>): Record<string, Tensor> {
  const out: Record<string, Tensor> = {};
  for (const [name, s] of Object.entries(specs)) {
    const values =
      s.dtype === 'float64'
        ? new Float64Array(s.values)
        : s.dtype === 'float32'
          ? new Float32Array(s.values)
          : s.values;
    Object.defineProperty(out, name, {
      value: tensor(values as number[], { dtype: s.dtype, shape: s.shape }),
      enumerable: true,
    });
  }
  return out;
}

function release(ts: Record<string, Tensor>): void {
  for (const t of Object.values(ts)) t.dispose();
}

/** A valid file from an arbitrary dict (tensors are released at once). */
const validFileArb = dictArb.map(({ specs, metadata }) => {
  const ts = build(specs);
  const bytes = encodeSafetensorsSync(ts, metadata);
  release(ts);
  return bytes;
});

/** JSON-ish text from tokens that matter to the header grammar. */
const headerTokenArb = fc.constantFrom(
  '{',
  '}',
  '[',
  ']',
  ':',
  ',',
  ' ',
  '"a"',
  '"b"',
  '"\\u0061"',
  '"\\ud800"',
  '"__metadata__"',
  '"dtype"',
  '"shape"',
  '"data_offsets"',
  '"F32"',
  '"U8"',
  '"BOOL"',
  '"F4"',
  '"I64"',
  '0',
  '1',
  '2',
  '4',
  '-1',
  '2.0',
  '1e3',
  '9007199254740993',
  'null',
  'true',
  '"x"',
);

/** A header entry whose fields are drawn from valid and invalid values (any field may be missing). */
const headerEntryArb = fc.oneof(
  {
    weight: 9,
    arbitrary: fc.record(
      {
        dtype: fc.constantFrom('U8', 'BOOL', 'I8', 'F16', 'F32', 'F4', 'F8_E4M3', 'C64', 'I64', 'u8', 'X', 7),
        shape: fc.oneof(
          { weight: 4, arbitrary: fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 2 }) },
          { weight: 1, arbitrary: fc.constantFrom([-1], [1.5], null, '2', [2 ** 53], [[1]]) },
        ),
        data_offsets: fc.oneof(
          { weight: 4, arbitrary: fc.tuple(fc.nat({ max: 4 }), fc.nat({ max: 8 })) },
          { weight: 1, arbitrary: fc.constantFrom([0], [0, 1, 2], [-1, 0], null, [0.5, 1]) },
        ),
      },
      { requiredKeys: [] },
    ),
  },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 1 }) },
);

// ---- properties ------------------------------------------------------------------------------------

describe('fuzzing decodeSafetensors', () => {
  it('arbitrary bytes decode or throw SAFETENSORS_INVALID, never anything else', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        decodeAndRelease(bytes);
      }),
      { seed: SEED, numRuns: 1000 },
    );
    // with a plausible length prefix and header-like text, so that parsing gets further
    fc.assert(
      fc.property(
        fc.array(headerTokenArb, { maxLength: 40 }),
        fc.uint8Array({ maxLength: 12 }),
        fc.integer({ min: -2, max: 2 }),
        (tokens, data, delta) => {
          const header = enc.encode(tokens.join(''));
          decodeAndRelease(withPrefix(header, data, Math.max(0, header.length + delta)));
        },
      ),
      { seed: SEED, numRuns: 1000 },
    );
    // with headers that follow the grammar but draw every field from good and bad values
    let accepted = 0;
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom('a', 'b', 'c', '__metadata__'), headerEntryArb, { maxKeys: 3 }),
        fc.nat({ max: 8 }),
        fc.boolean(),
        (header, dataLength, exact) => {
          const text = enc.encode(JSON.stringify(header));
          const data = new Uint8Array(dataLength).fill(1);
          if (decodeAndRelease(withPrefix(text, data, exact ? text.length : text.length + 1))) accepted++;
        },
      ),
      { seed: SEED, numRuns: 1500 },
    );
    expect(accepted).toBeGreaterThan(0); // both outcomes occur
  });

  it('mutated valid files decode or throw SAFETENSORS_INVALID', () => {
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }),
      fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
      fc.record({ kind: fc.constant('length' as const), n: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }) }),
      fc.record({ kind: fc.constant('lengthDelta' as const), delta: fc.integer({ min: -16, max: 16 }) }),
      fc.record({
        kind: fc.constant('json' as const),
        which: fc.nat(),
        field: fc.constantFrom('dtype', 'shape', 'data_offsets', 'extra', 'entry', '__metadata__'),
        value: fc.oneof(
          fc.jsonValue({ maxDepth: 2 }),
          fc.array(fc.integer({ min: -2, max: 2 ** 20 }), { maxLength: 4 }),
          fc.constantFrom('F32', 'F64', 'I32', 'U8', 'BOOL', 'F16', 'BF16', 'F4', 'I64', 'C64'),
        ),
      }),
    );
    let accepted = 0;
    fc.assert(
      fc.property(validFileArb, mutation, (bytes, m) => {
        const view = new DataView(bytes.buffer);
        let out: Uint8Array;
        switch (m.kind) {
          case 'flip':
            out = bytes.slice();
            if (out.length > 0) out[m.at % out.length]! ^= m.xor;
            break;
          case 'truncate':
            out = bytes.slice(0, m.at % bytes.length);
            break;
          case 'length':
            out = bytes.slice();
            new DataView(out.buffer).setBigUint64(0, m.n, true);
            break;
          case 'lengthDelta':
            out = bytes.slice();
            new DataView(out.buffer).setUint32(0, Math.max(0, view.getUint32(0, true) + m.delta), true);
            break;
          default: {
            const n = view.getUint32(0, true);
            const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n))) as Record<
              string,
              unknown
            >;
            const names = Object.keys(header).filter((k) => k !== '__metadata__');
            if (m.field === '__metadata__') header.__metadata__ = m.value;
            else if (names.length > 0) {
              const name = names[m.which % names.length]!;
              if (m.field === 'entry') header[name] = m.value;
              else (header[name] as Record<string, unknown>)[m.field] = m.value;
            }
            out = withPrefix(enc.encode(JSON.stringify(header)), bytes.subarray(8 + n));
          }
        }
        if (decodeAndRelease(out)) accepted++;
      }),
      { seed: SEED, numRuns: 1000 },
    );
    expect(accepted).toBeGreaterThan(0); // e.g. flips inside tensor data keep a file valid
  });

  it('arbitrary valid tensor dicts round-trip exactly', () => {
    fc.assert(
      fc.property(dictArb, ({ specs, metadata }) => {
        const before = memory().numTensors;
        const ts = build(specs);
        const bytes = encodeSafetensorsSync(ts, metadata);
        const decoded = decodeSafetensors(bytes);
        expect(decoded.metadata).toEqual(metadata ?? {});
        expect(Object.keys(decoded.tensors).sort()).toEqual(Object.keys(ts).sort());
        for (const [name, t] of Object.entries(ts)) {
          const d = decoded.tensors[name]!;
          expect(d.dtype).toBe(t.dtype);
          expect(d.shape).toEqual(t.shape);
          const a = t.dataSync();
          const b = d.dataSync();
          // bit-exact, NaN payloads included
          expect(new Uint8Array(b.buffer, b.byteOffset, b.byteLength)).toEqual(
            new Uint8Array(a.buffer, a.byteOffset, a.byteLength),
          );
        }
        expect(encodeSafetensorsSync(decoded.tensors, metadata)).toEqual(bytes);
        release(ts);
        release(decoded.tensors);
        expect(memory().numTensors).toBe(before);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});
