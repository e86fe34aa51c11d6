/**
 * Safetensors encoding and decoding: the interchange format for weights and masks.
 *
 * Format: an 8-byte little-endian length `N`, `N` bytes of UTF-8 JSON header mapping tensor names to
 * `{ dtype, shape, data_offsets }` (plus an optional `__metadata__` string map), then the tensors'
 * little-endian, row-major bytes (huggingface/safetensors:README.md, "Format").
 *
 * @module
 */

import { engine } from '../engine.js';
import { SparselandError } from '../errors/sparseland-error.js';
import { DTYPES, type DType, isDType, type TypedArray } from '../tensor/dtype.js';
import { Tensor } from '../tensor/tensor.js';
import { isWellFormed } from './json-scan.js';
import {
  canConvert,
  DECODABLE,
  isSafetensorsDType,
  readTensorData,
  SAFETENSORS_DTYPE_BITS,
  SAFETENSORS_DTYPE_OF,
  type SafetensorsDType,
  safetensorsDTypeRank,
  writeTensorData,
} from './safetensors-dtype.js';
import { asBytes, invalid, readHeader, SAFETENSORS_MAX_HEADER_BYTES } from './safetensors-header.js';

/** Options of {@link decodeSafetensors}. */
export interface DecodeSafetensorsOptions {
  /**
   * Sparseland dtype to decode each file dtype into, overriding the defaults: `F32`→`float32`,
   * `F64`→`float64`, `I32`→`int32`, `U8`→`uint8`, `BOOL`→`bool`, and the lossless widenings
   * `F16`/`BF16`→`float32`, `I8`/`I16`/`U16`→`int32`. `U32`, `I64` and `U64` have no lossless
   * Sparseland dtype and decode only when mapped here. Float dtypes map to `float32` or `float64`
   * (rounding to nearest, e.g. `{ F64: 'float32' }` for backends without `float64`); integer and
   * `BOOL` dtypes map to any dtype, with integer targets range-checked (a value that does not fit is
   * a SAFETENSORS_INVALID error, never wrapped) and `bool` taking non-zero values as true.
   */
  dtypes?: Partial<Record<SafetensorsDType, DType>>;
  /** Decode only these tensors (each must be in the file). Default: all. */
  names?: readonly string[];
}

/** What {@link decodeSafetensors} returns. */
export interface DecodedSafetensors {
  /** One new tensor per decoded entry, on the active backend, keyed by name. */
  tensors: Record<string, Tensor>;
  /** The `__metadata__` map (empty when the file has none). */
  metadata: Record<string, string>;
}

function setOwn<T>(obj: Record<string, T>, key: string, value: T): void {
  // defineProperty, so that a tensor named "__proto__" is an ordinary key, not a prototype.
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

function argError(fn: string, arg: string, expected: string, actual: string): never {
  throw new SparselandError('SPARSELAND__CORE__INVALID_ARGUMENT', { fn, arg, expected, actual });
}

function checkOptions(opts: unknown, fn: string): DecodeSafetensorsOptions {
  if (opts === undefined) return {};
  if (typeof opts !== 'object' || opts === null || Array.isArray(opts)) {
    argError(fn, 'opts', 'be an object', opts === null ? 'null' : typeof opts);
  }
  const { dtypes, names } = opts as DecodeSafetensorsOptions;
  if (dtypes !== undefined) {
    if (typeof dtypes !== 'object' || dtypes === null || Array.isArray(dtypes)) {
      argError(fn, 'opts.dtypes', 'be an object mapping safetensors dtypes to dtypes', String(dtypes));
    }
    for (const [source, target] of Object.entries(dtypes)) {
      if (!isSafetensorsDType(source) || !DECODABLE.has(source)) {
        argError(
          fn,
          `opts.dtypes.${source}`,
          `be keyed by a decodable safetensors dtype (${[...DECODABLE.keys()].join(', ')})`,
          source,
        );
      }
      if (!isDType(target)) {
        argError(fn, `opts.dtypes.${source}`, `be one of ${DTYPES.join(', ')}`, String(target));
      }
      if (!canConvert(source, target)) {
        argError(
          fn,
          `opts.dtypes.${source}`,
          `be 'float32' or 'float64' (${source} is a float dtype)`,
          target,
        );
      }
    }
  }
  if (names !== undefined && (!Array.isArray(names) || !names.every((s) => typeof s === 'string'))) {
    argError(fn, 'opts.names', 'be an array of tensor names', String(names));
  }
  return opts as DecodeSafetensorsOptions;
}

/**
 * Decode a safetensors file into tensors on the active backend.
 *
 * The whole header is validated first (see {@link parseSafetensorsHeader}), then every selected
 * tensor's data is converted, and only then are tensors created, so a failure leaves nothing
 * allocated. Data is copied, so offsets of any alignment work and `bytes` may be reused afterwards.
 * Decodable dtypes: `BOOL`, `U8`, `I8`, `I16`, `U16`, `I32`, `F16`, `BF16`, `F32`, `F64`, and, when
 * mapped in `opts.dtypes`, `U32`, `I64`, `U64`; the others (`F8_*`, `F6_*`, `F4`, `C64`) are
 * rejected. `BOOL` bytes other than 0 and 1 read as true.
 *
 * @param bytes - The whole file.
 * @param opts - `dtypes`: file dtype → tensor dtype overrides; `names`: decode only these tensors.
 * @returns The tensors by name and the metadata.
 * @throws {@link SparselandError} `SPARSELAND__CORE__SAFETENSORS_INVALID` (context `{ fn, reason, tensor? }`)
 *   for any malformed or unsupported content, including a dtype the active backend cannot store: no
 *   other error comes out of untrusted bytes. `SPARSELAND__CORE__INVALID_ARGUMENT` for bad `opts`,
 *   a non-byte `bytes`, or a name in `opts.names` that is not in the file.
 * @example
 * ```ts
 * const bytes = encodeSafetensorsSync({ w: tensor([[1, 2], [3, 4]]) }, { format: 'pt' });
 * const { tensors, metadata } = decodeSafetensors(bytes);
 * tensors.w.shape;         // [2, 2]
 * await tensors.w.data();  // Float32Array [1, 2, 3, 4]
 * metadata;                // { format: 'pt' }
 * ```
 */
export function decodeSafetensors(
  bytes: Uint8Array | ArrayBuffer,
  opts?: DecodeSafetensorsOptions,
): DecodedSafetensors {
  const fn = 'decodeSafetensors';
  const view = asBytes(bytes, fn, 'bytes');
  const options = checkOptions(opts, fn);
  const header = readHeader(view, fn);
  let entries = header.entries;
  if (options.names !== undefined) {
    const byName = new Map(entries.map((e) => [e.name, e]));
    entries = options.names.map((name, i) => {
      const e = byName.get(name);
      if (e === undefined)
        argError(fn, `opts.names[${i}]`, 'name a tensor of the file', JSON.stringify(name));
      return e;
    });
    entries = [...new Set(entries)];
  }
  const backend = engine.backend;
  const plans = entries.map((e) => {
    const info = DECODABLE.get(e.dtype);
    if (info === undefined) {
      invalid(
        fn,
        `dtype '${e.dtype}' is not supported by decodeSafetensors (decodable: ${[...DECODABLE.keys()].join(', ')}); ` +
          'parseSafetensorsHeader still reads its header entry and byte range',
        e.name,
      );
    }
    const target = options.dtypes?.[e.dtype] ?? info.target;
    if (target === undefined) {
      invalid(
        fn,
        `dtype '${e.dtype}' has no lossless Sparseland dtype; pass opts.dtypes, e.g. { ${e.dtype}: 'int32' }` +
          ` (values are range-checked) or { ${e.dtype}: 'float64' }`,
        e.name,
      );
    }
    if (!engine.storesDType(target)) {
      invalid(
        fn,
        `dtype '${e.dtype}' decodes to ${target}, which backend '${backend.name}' cannot store;` +
          ` map it with opts.dtypes, e.g. { ${e.dtype}: 'float32' }`,
        e.name,
      );
    }
    return { entry: e, target };
  });
  const values = plans.map(({ entry, target }) =>
    readTensorData(view, entry.byteOffset, entry.size, entry.dtype, target, (reason) =>
      invalid(fn, reason, entry.name),
    ),
  );
  const tensors: Record<string, Tensor> = {};
  const made: Tensor[] = [];
  try {
    plans.forEach(({ entry, target }, i) => {
      const t = engine.makeTensor(values[i]!, entry.shape, target, fn);
      made.push(t);
      setOwn(tensors, entry.name, t);
    });
  } catch (e) {
    for (const t of made) t.dispose();
    throw e;
  }
  const metadata: Record<string, string> = {};
  for (const [k, v] of Object.entries(header.metadata)) setOwn(metadata, k, v);
  return { tensors, metadata };
}

interface EncodeItem {
  name: string;
  tensor: Tensor;
  dtype: SafetensorsDType;
  byteLength: number;
}

interface EncodePlan {
  items: EncodeItem[];
  header: Uint8Array;
  dataByteLength: number;
}

/** Compare strings by code point (= UTF-8 byte order, as Rust's `String` ordering the official writer uses). */
function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    // UTF-16 order differs from code point order only between surrogates and U+E000..U+FFFF.
    if (x >= 0xd800) x += x >= 0xe000 ? -0x800 : 0x2000;
    if (y >= 0xd800) y += y >= 0xe000 ? -0x800 : 0x2000;
    return x - y;
  }
  return a.length - b.length;
}

function planEncode(tensors: unknown, metadata: unknown, fn: string): EncodePlan {
  if (
    typeof tensors !== 'object' ||
    tensors === null ||
    Array.isArray(tensors) ||
    tensors instanceof Tensor
  ) {
    argError(
      fn,
      'tensors',
      'be an object mapping names to tensors',
      tensors === null ? 'null' : typeof tensors,
    );
  }
  const items: EncodeItem[] = [];
  for (const [name, t] of Object.entries(tensors)) {
    if (!(t instanceof Tensor)) argError(fn, `tensors[${JSON.stringify(name)}]`, 'be a Tensor', typeof t);
    t.assertLive(fn);
    if (name === '__metadata__') {
      argError(fn, 'tensors', 'not use the reserved name "__metadata__"', name);
    }
    if (!isWellFormed(name)) {
      argError(
        fn,
        `tensors[${JSON.stringify(name)}]`,
        'have a name without unpaired UTF-16 surrogates',
        name,
      );
    }
    const dtype = SAFETENSORS_DTYPE_OF[t.dtype];
    items.push({ name, tensor: t, dtype, byteLength: (t.size * SAFETENSORS_DTYPE_BITS.get(dtype)!) / 8 });
  }
  // The official writer's order: descending dtype (enum order), then name.
  items.sort(
    (a, b) =>
      safetensorsDTypeRank(b.dtype) - safetensorsDTypeRank(a.dtype) || compareCodePoints(a.name, b.name),
  );
  const parts: string[] = [];
  if (metadata !== undefined) {
    if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
      argError(
        fn,
        'metadata',
        'be an object mapping strings to strings',
        metadata === null ? 'null' : typeof metadata,
      );
    }
    const kv = Object.entries(metadata).sort((a, b) => compareCodePoints(a[0], b[0]));
    for (const [k, v] of kv) {
      if (typeof v !== 'string') argError(fn, `metadata[${JSON.stringify(k)}]`, 'be a string', typeof v);
      if (!isWellFormed(k) || !isWellFormed(v)) {
        argError(
          fn,
          `metadata[${JSON.stringify(k)}]`,
          'be free of unpaired UTF-16 surrogates',
          'a lone surrogate',
        );
      }
    }
    parts.push(
      `"__metadata__":{${kv.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}`,
    );
  }
  let offset = 0;
  for (const it of items) {
    const end = offset + it.byteLength;
    parts.push(
      `${JSON.stringify(it.name)}:{"dtype":"${it.dtype}","shape":[${it.tensor.shape.join(',')}],"data_offsets":[${offset},${end}]}`,
    );
    offset = end;
  }
  const json = new TextEncoder().encode(`{${parts.join(',')}}`);
  const padded = Math.ceil(json.length / 8) * 8;
  if (padded > SAFETENSORS_MAX_HEADER_BYTES) {
    argError(
      fn,
      'tensors',
      `fit a header of at most ${SAFETENSORS_MAX_HEADER_BYTES} bytes (the official reader's limit)`,
      `${padded} bytes`,
    );
  }
  const header = new Uint8Array(padded).fill(0x20);
  header.set(json);
  return { items, header, dataByteLength: offset };
}

function assemble(plan: EncodePlan, values: readonly TypedArray[]): Uint8Array {
  const { header, items, dataByteLength } = plan;
  const out = new Uint8Array(8 + header.length + dataByteLength);
  const prefix = new DataView(out.buffer);
  prefix.setUint32(0, header.length, true); // header.length <= 1e8 < 2^32, so the high word stays 0
  out.set(header, 8);
  let pos = 8 + header.length;
  items.forEach((it, i) => {
    writeTensorData(out, pos, values[i]!, it.tensor.dtype);
    pos += it.byteLength;
  });
  return out;
}

/**
 * Encode tensors (and optional string metadata) as a safetensors file, reading data with
 * `await t.data()` so it works on every backend.
 *
 * The bytes match the official writer's (huggingface/safetensors `serialize`): tensors sorted by
 * descending dtype (`F64`, `F32`, `I32`, `U8`, `BOOL`) then by name in code-point (UTF-8 byte)
 * order, contiguous data, compact JSON with `__metadata__` first, padded with spaces to a multiple of
 * 8 bytes. Metadata keys are sorted too (the official writer emits them in hash order), and
 * `__metadata__` is written whenever `metadata` is given, even empty. Dtypes are written as
 * `float32`→`F32`, `float64`→`F64`, `int32`→`I32`, `uint8`→`U8`, `bool`→`BOOL`.
 *
 * @param tensors - Tensors by name (`"__metadata__"` is reserved).
 * @param metadata - Optional string-to-string map stored under `__metadata__`.
 * @returns The file's bytes.
 * @throws {@link SparselandError} `SPARSELAND__CORE__INVALID_ARGUMENT` for a non-tensor value, a reserved
 *   or ill-formed name, non-string metadata, or a header over 100 MB; `SPARSELAND__CORE__DISPOSED` for a
 *   disposed tensor.
 * @example
 * ```ts
 * const bytes = await encodeSafetensors({ w: tensor([[1, 2], [3, 4]]), b: zeros([2]) }, { format: 'pt' });
 * bytes.length; // 176 = 8 (length) + 144 (header, padded) + 24 (data)
 * ```
 */
export async function encodeSafetensors(
  tensors: Readonly<Record<string, Tensor>>,
  metadata?: Readonly<Record<string, string>>,
): Promise<Uint8Array> {
  const plan = planEncode(tensors, metadata, 'encodeSafetensors');
  const values = await Promise.all(plan.items.map((it) => it.tensor.data()));
  return assemble(plan, values);
}

/**
 * {@link encodeSafetensors}, synchronously, for tensors on backends that can read synchronously (`cpu`).
 *
 * @throws {@link SparselandError} as {@link encodeSafetensors}, plus `SPARSELAND__CORE__SYNC_UNSUPPORTED`
 *   for a tensor on a backend that cannot read synchronously.
 * @example
 * ```ts
 * const bytes = encodeSafetensorsSync({ mask: tensor([true, false]) });
 * decodeSafetensors(bytes).tensors.mask.dtype; // 'bool'
 * ```
 */
export function encodeSafetensorsSync(
  tensors: Readonly<Record<string, Tensor>>,
  metadata?: Readonly<Record<string, string>>,
): Uint8Array {
  const plan = planEncode(tensors, metadata, 'encodeSafetensorsSync');
  return assemble(
    plan,
    plan.items.map((it) => it.tensor.dataSync()),
  );
}
