/**
 * Reading and validating the header of a safetensors file without touching its tensor data.
 *
 * Validation follows the format's specification (huggingface/safetensors:README.md, "Format") and the
 * official reader (huggingface/safetensors:safetensors/src/tensor.rs, `read_metadata` and
 * `Metadata::validate`); where the official reader is laxer than the specification (a header that
 * does not begin with `{`, duplicate keys), the specification wins.
 *
 * @module
 */

import { SparselandError } from '../errors/sparseland-error.js';
import { fmtShape } from '../internal/shape.js';
import { nestsDeeperThan, scanHeaderJson } from './json-scan.js';
import { isSafetensorsDType, SAFETENSORS_DTYPE_BITS, type SafetensorsDType } from './safetensors-dtype.js';

/** Largest header the reader accepts, in bytes: the official reader's `MAX_HEADER_SIZE` (100 MB). */
export const SAFETENSORS_MAX_HEADER_BYTES = 100_000_000;

/** Deepest bracket nesting of a header: the most the official reader (serde_json, limit 128) accepts. */
const MAX_NESTING = 127;

/** One tensor of a safetensors file, as its header describes it. */
export interface SafetensorsHeaderEntry {
  /** Tensor name (the header key). */
  readonly name: string;
  /** Element type as the file spells it. */
  readonly dtype: SafetensorsDType;
  /** Shape (row-major); `[]` for a scalar. */
  readonly shape: readonly number[];
  /** Number of elements (the product of `shape`). */
  readonly size: number;
  /** `[begin, end)` of the tensor's bytes relative to the start of the data section, as in the header. */
  readonly dataOffsets: readonly [number, number];
  /** Absolute offset of the tensor's first byte in the file. */
  readonly byteOffset: number;
  /** Number of bytes of the tensor (`end - begin`). */
  readonly byteLength: number;
}

/** The validated header of a safetensors file. */
export interface SafetensorsHeader {
  /** `N`, the length of the JSON header in bytes (padding included). */
  readonly headerByteLength: number;
  /** Absolute offset of the data section (`8 + N`). */
  readonly dataByteOffset: number;
  /** Length of the data section in bytes. */
  readonly dataByteLength: number;
  /** Every tensor, in the order of their data (ascending `dataOffsets`). */
  readonly entries: readonly SafetensorsHeaderEntry[];
  /** The `__metadata__` map (empty when absent or `null`). */
  readonly metadata: Readonly<Record<string, string>>;
}

/** Options of {@link parseSafetensorsHeader}. */
export interface ParseSafetensorsHeaderOptions {
  /**
   * Total size of the file in bytes, when `bytes` holds only its beginning (at least `8 + N` bytes).
   * Lets the header of a large file be checked without reading the file. Defaults to `bytes.length`.
   */
  byteLength?: number;
}

/** @internal Throw `SAFETENSORS_INVALID`. */
export function invalid(fn: string, reason: string, tensor?: string): never {
  throw new SparselandError(
    'SPARSELAND__CORE__SAFETENSORS_INVALID',
    tensor === undefined ? { fn, reason } : { fn, reason, tensor },
  );
}

/** @internal View `input` as bytes, or throw INVALID_ARGUMENT. */
export function asBytes(input: unknown, fn: string, arg: string): Uint8Array {
  if (input instanceof Uint8Array) return input;
  const tag = Object.prototype.toString.call(input);
  if (tag === '[object ArrayBuffer]' || tag === '[object SharedArrayBuffer]') {
    return new Uint8Array(input as ArrayBuffer);
  }
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  throw new SparselandError('SPARSELAND__CORE__INVALID_ARGUMENT', {
    fn,
    arg,
    expected: 'be a Uint8Array, an ArrayBuffer or another ArrayBuffer view',
    actual: input === null ? 'null' : Array.isArray(input) ? 'an array' : typeof input,
  });
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${String(v)}`;
}

function isNonNegativeSafeInteger(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 && !Object.is(v, -0);
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

const KNOWN_DTYPES = [...SAFETENSORS_DTYPE_BITS.keys()].join(', ');

/** @internal {@link parseSafetensorsHeader} with the name of the public function to blame. */
export function readHeader(bytes: Uint8Array, fn: string, fileLength = bytes.length): SafetensorsHeader {
  if (bytes.length < 8) {
    invalid(fn, `the buffer has ${bytes.length} bytes, fewer than the 8 of the header-length prefix`);
  }
  const prefix = new DataView(bytes.buffer, bytes.byteOffset, 8);
  const lo = prefix.getUint32(0, true);
  const hi = prefix.getUint32(4, true);
  if (hi >= 0x200000) {
    const n = (BigInt(hi) << 32n) | BigInt(lo);
    invalid(fn, `header length ${n} is at least 2^53 and cannot be a real header`);
  }
  const n = hi * 2 ** 32 + lo;
  if (n > SAFETENSORS_MAX_HEADER_BYTES) {
    invalid(fn, `header length ${n} exceeds the limit of ${SAFETENSORS_MAX_HEADER_BYTES} bytes`);
  }
  if (8 + n > bytes.length) {
    invalid(
      fn,
      `header length ${n} exceeds the ${bytes.length - 8} bytes available after the 8-byte prefix` +
        (fileLength === bytes.length ? '' : ' (the given prefix of the file is too short)'),
    );
  }
  let text: string;
  try {
    text = utf8.decode(bytes.subarray(8, 8 + n));
  } catch {
    invalid(fn, 'the header is not valid UTF-8');
  }
  if (text.charCodeAt(0) !== 0x7b) {
    invalid(
      fn,
      n === 0
        ? "the header is empty; it must be a JSON object beginning with '{'"
        : `the header must be a JSON object beginning with '{'; it begins with ${JSON.stringify(text.slice(0, 12))}`,
    );
  }
  if (nestsDeeperThan(text, MAX_NESTING)) {
    invalid(fn, `the header nests brackets deeper than ${MAX_NESTING} levels (the official reader's limit)`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    invalid(fn, `the header is not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const problem = scanHeaderJson(text);
  if (problem !== undefined) invalid(fn, problem.reason, problem.tensor);

  const dataByteOffset = 8 + n;
  const dataByteLength = fileLength - dataByteOffset;
  const metadata: Record<string, string> = {};
  const entries: SafetensorsHeaderEntry[] = [];
  // JSON text that begins with '{' and parses is an object.
  for (const [name, raw] of Object.entries(json as object)) {
    if (name === '__metadata__') {
      readMetadata(raw, metadata, fn);
      continue;
    }
    entries.push(readEntry(name, raw, dataByteLength, dataByteOffset, fn));
  }
  // As the official reader: order by offsets, then require the data to be covered without gap or overlap.
  entries.sort((a, b) => a.dataOffsets[0] - b.dataOffsets[0] || a.dataOffsets[1] - b.dataOffsets[1]);
  let cursor = 0;
  let previous: SafetensorsHeaderEntry | undefined;
  for (const e of entries) {
    const [begin, end] = e.dataOffsets;
    if (begin < cursor) {
      invalid(
        fn,
        `data_offsets [${begin}, ${end}] overlap those of tensor ${JSON.stringify(previous!.name)}, which end at ${cursor}`,
        e.name,
      );
    }
    if (begin > cursor) {
      invalid(
        fn,
        `data_offsets [${begin}, ${end}] leave a gap of ${begin - cursor} unindexed bytes at offset ${cursor}` +
          ' (the data must be covered without holes)',
        e.name,
      );
    }
    cursor = end;
    previous = e;
  }
  if (cursor !== dataByteLength) {
    invalid(
      fn,
      `the last ${dataByteLength - cursor} bytes of the data section are not indexed by any tensor` +
        ` (tensors cover ${cursor} of ${dataByteLength} bytes)`,
    );
  }
  return { headerByteLength: n, dataByteOffset, dataByteLength, entries, metadata };
}

function readMetadata(raw: unknown, out: Record<string, string>, fn: string): void {
  if (raw === null) return; // the official reader reads `null` as "no metadata"
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    invalid(fn, `"__metadata__" must be an object mapping strings to strings; got ${describe(raw)}`);
  }
  for (const [k, v] of Object.entries(raw as object)) {
    if (typeof v !== 'string') {
      invalid(fn, `"__metadata__" values must be strings; key ${JSON.stringify(k)} holds ${describe(v)}`);
    }
    Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  }
}

function readEntry(
  name: string,
  raw: unknown,
  dataByteLength: number,
  dataByteOffset: number,
  fn: string,
): SafetensorsHeaderEntry {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    invalid(
      fn,
      `the header entry must be an object with dtype, shape and data_offsets; got ${describe(raw)}`,
      name,
    );
  }
  for (const field of ['dtype', 'shape', 'data_offsets']) {
    if (!Object.hasOwn(raw, field)) invalid(fn, `the header entry has no "${field}" field`, name);
  }
  const { dtype, shape, data_offsets: offsets } = raw as Record<string, unknown>;
  if (!isSafetensorsDType(dtype)) {
    invalid(fn, `unknown dtype ${describe(dtype)} (the format defines ${KNOWN_DTYPES})`, name);
  }
  if (!Array.isArray(shape) || !shape.every(isNonNegativeSafeInteger)) {
    const bad = Array.isArray(shape) ? shape.find((d) => !isNonNegativeSafeInteger(d)) : undefined;
    invalid(
      fn,
      Array.isArray(shape)
        ? `"shape" must be an array of non-negative safe integers; it holds ${describe(bad)}`
        : `"shape" must be an array of non-negative safe integers; got ${describe(shape)}`,
      name,
    );
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isNonNegativeSafeInteger)) {
    invalid(
      fn,
      `"data_offsets" must be two non-negative safe integers [begin, end]; got ${
        Array.isArray(offsets) ? `[${offsets.map(describe).join(', ')}]` : describe(offsets)
      }`,
      name,
    );
  }
  const [begin, end] = offsets as [number, number];
  if (begin > end) invalid(fn, `data_offsets [${begin}, ${end}] end before they begin`, name);
  if (end > dataByteLength) {
    invalid(
      fn,
      `data_offsets [${begin}, ${end}] are out of range: the data section has ${dataByteLength} bytes`,
      name,
    );
  }
  let size = 1;
  for (const d of shape as number[]) {
    size *= d;
    if (size > Number.MAX_SAFE_INTEGER) {
      invalid(
        fn,
        `shape ${fmtShape(shape as number[])} has more than 2^53 elements (element count overflow)`,
        name,
      );
    }
  }
  const bits = size * SAFETENSORS_DTYPE_BITS.get(dtype)!;
  if (bits > Number.MAX_SAFE_INTEGER) {
    invalid(
      fn,
      `shape ${fmtShape(shape as number[])} of ${dtype} needs more than 2^53 bits (size overflow)`,
      name,
    );
  }
  if (bits % 8 !== 0) {
    invalid(
      fn,
      `shape ${fmtShape(shape as number[])} of ${dtype} needs ${bits} bits, which do not end on a byte boundary`,
      name,
    );
  }
  if (end - begin !== bits / 8) {
    invalid(
      fn,
      `data_offsets [${begin}, ${end}] span ${end - begin} bytes, but shape ${fmtShape(shape as number[])} of ${dtype}` +
        ` needs ${bits / 8} bytes`,
      name,
    );
  }
  return {
    name,
    dtype,
    shape: Object.freeze([...(shape as number[])]),
    size,
    dataOffsets: Object.freeze([begin, end] as const),
    byteOffset: dataByteOffset + begin,
    byteLength: end - begin,
  };
}

/**
 * Read and validate the header of a safetensors file without creating tensors: every entry's name,
 * dtype (any the format defines, including ones {@link decodeSafetensors} cannot decode), shape and
 * byte range, plus the `__metadata__` map.
 *
 * Checks, following the specification (huggingface/safetensors:README.md) and the official reader:
 * the 8-byte little-endian length `N` is below 2^53 and at most 100 MB and fits the buffer; the header
 * is UTF-8 (no BOM), begins with `{` and is a JSON object without duplicate keys at any level, nested at
 * most 127 levels deep (padding after it is JSON whitespace); `__metadata__` is `null` or maps strings to strings; every other entry
 * is an object with a known `dtype`, a `shape` of non-negative integers and `data_offsets` of two
 * non-negative integers `begin <= end` (integers written without fraction or exponent, safe in
 * JavaScript); `end - begin` equals the byte size of the shape (whole bytes, no overflow); sorted by
 * offsets, the tensors cover the data section exactly, with no gap, overlap or trailing byte. Extra
 * fields in an entry are ignored, as the official reader does.
 *
 * @param bytes - The file, or (with `opts.byteLength`) its first `8 + N` bytes or more.
 * @param opts - `byteLength`: total file size when `bytes` is only a prefix.
 * @returns Entries in data order, with absolute byte offsets into the file, and the metadata.
 * @throws {@link SparselandError} `SPARSELAND__CORE__SAFETENSORS_INVALID` (context `{ fn, reason, tensor? }`)
 *   for any malformed header; `SPARSELAND__CORE__INVALID_ARGUMENT` when `bytes` is not bytes.
 * @example
 * ```ts
 * const bytes = encodeSafetensorsSync({ w: tensor([[1, 2], [3, 4]]) });
 * const { entries } = parseSafetensorsHeader(bytes);
 * entries[0]; // { name: 'w', dtype: 'F32', shape: [2, 2], size: 4, dataOffsets: [0, 16], byteOffset: 72, byteLength: 16 }
 * ```
 */
export function parseSafetensorsHeader(
  bytes: Uint8Array | ArrayBuffer,
  opts: ParseSafetensorsHeaderOptions = {},
): SafetensorsHeader {
  const fn = 'parseSafetensorsHeader';
  const view = asBytes(bytes, fn, 'bytes');
  const total = opts.byteLength ?? view.length;
  if (!isNonNegativeSafeInteger(total) || total < view.length) {
    throw new SparselandError('SPARSELAND__CORE__INVALID_ARGUMENT', {
      fn,
      arg: 'opts.byteLength',
      expected: `be a safe integer of at least bytes.length (${view.length})`,
      actual: String(total),
    });
  }
  return readHeader(view, fn, total);
}
