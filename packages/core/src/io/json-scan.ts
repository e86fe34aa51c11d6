/**
 * A linear, non-recursive scan of a safetensors header's JSON text for what `JSON.parse` hides:
 * duplicate keys (it silently keeps the last), non-integer spellings of `shape` and `data_offsets`
 * items (`2.0` and `2e0` parse to `2`; the official `serde_json` reader rejects them) and unpaired
 * surrogate escapes (`"\ud800"` parses to a lone surrogate; `serde_json` rejects it).
 *
 * @module
 */

/** @internal A problem the scan found: what is wrong and the tensor it belongs to, if any. */
export interface JsonScanProblem {
  reason: string;
  tensor?: string;
}

interface Frame {
  /** Keys seen so far when this is an object; `undefined` for an array. */
  keys: Set<string> | undefined;
  /** The key whose value is being read. */
  key: string | undefined;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

function isWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

function isNumberChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2b || c === 0x2e || c === 0x65 || c === 0x45;
}

/**
 * @internal Whether brackets outside strings nest deeper than `limit` levels. Runs before `JSON.parse`,
 * which takes seconds on millions of nested brackets; `serde_json` (the official reader) stops at
 * depth 128, i.e. accepts at most 127 levels.
 */
export function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/** @internal Whether `s` has no unpaired UTF-16 surrogate. */
export function isWellFormed(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (!(d >= 0xdc00 && d <= 0xdfff)) return false;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) return false;
  }
  return true;
}

function quote(s: string): string {
  return JSON.stringify(s);
}

/**
 * @internal Scan `text`, which `JSON.parse` has already accepted (so it is valid JSON), and return the
 * first problem, or `undefined`. Top-level keys are tensor names (or `__metadata__`).
 */
export function scanHeaderJson(text: string): JsonScanProblem | undefined {
  const stack: Frame[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      stack.push({ keys: c === 0x7b ? new Set() : undefined, key: undefined });
      i++;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop();
      i++;
    } else if (c === QUOTE) {
      let j = i + 1;
      let escaped = false;
      while (j < n && text.charCodeAt(j) !== QUOTE) {
        if (text.charCodeAt(j) === BACKSLASH) {
          escaped = true;
          j += 2;
        } else j++;
      }
      const raw = text.slice(i, j + 1);
      const value = escaped ? (JSON.parse(raw) as string) : raw.slice(1, -1);
      const tensor = stack[0]?.key;
      if (escaped && !isWellFormed(value)) {
        return {
          reason: `the header string ${raw} escapes an unpaired UTF-16 surrogate`,
          ...(stack.length > 1 && tensor !== undefined && tensor !== '__metadata__' ? { tensor } : {}),
        };
      }
      i = j + 1;
      let k = i;
      while (k < n && isWhitespace(text.charCodeAt(k))) k++;
      const top = stack[stack.length - 1];
      if (text.charCodeAt(k) === 0x3a /* : */ && top?.keys !== undefined) {
        if (top.keys.has(value)) return duplicate(stack, value);
        top.keys.add(value);
        top.key = value;
        i = k + 1;
      }
    } else if ((c >= 0x30 && c <= 0x39) || c === 0x2d) {
      let j = i + 1;
      while (j < n && isNumberChar(text.charCodeAt(j))) j++;
      const token = text.slice(i, j);
      const field = stack[1]?.key;
      if (
        stack.length === 3 &&
        stack[2]!.keys === undefined &&
        stack[1]!.keys !== undefined &&
        stack[0]!.key !== '__metadata__' &&
        (field === 'shape' || field === 'data_offsets') &&
        !/^(0|[1-9][0-9]*)$/.test(token)
      ) {
        return {
          reason: `"${field}" must hold non-negative integers written as such; got ${token}`,
          tensor: stack[0]!.key!,
        };
      }
      i = j;
    } else i++;
  }
  return undefined;
}

function duplicate(stack: Frame[], key: string): JsonScanProblem {
  const note = '(JSON.parse would silently keep the last one)';
  if (stack.length === 1) {
    return key === '__metadata__'
      ? { reason: `duplicate key "__metadata__" in the header ${note}` }
      : { reason: `duplicate tensor name ${quote(key)} in the header ${note}`, tensor: key };
  }
  const tensor = stack[0]!.key!;
  if (tensor === '__metadata__') {
    return { reason: `duplicate key ${quote(key)} in "__metadata__" ${note}` };
  }
  return stack.length === 2
    ? { reason: `duplicate field ${quote(key)} in the tensor's header entry ${note}`, tensor }
    : { reason: `duplicate key ${quote(key)} inside the tensor's header entry ${note}`, tensor };
}
