// Differential test against the official reader: test/fixtures/safetensors-verdicts.jsonl holds 700
// seeded mutations of files written by the official writer, each with the verdict of the official Rust
// reader (safetensors 0.8.0's `deserialize`) and, when it accepts, every tensor it returned. The cases
// are replayed through parseSafetensorsHeader (the format check) and decodeSafetensors.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeSafetensors, isSparselandError, memory, parseSafetensorsHeader } from '../../src/index.js';

interface Case {
  kind: string;
  bytes: string;
  ok: boolean;
  error?: string;
  tensors?: [string, string, number[], string][];
}

const cases = readFileSync(new URL('../fixtures/safetensors-verdicts.jsonl', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .slice(1) // the first line names the generator
  .map((line) => JSON.parse(line) as Case);

const hex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

/** Where we are stricter than the official reader, on purpose: the specification says so. */
const DELIBERATE = [
  /duplicate/, // "Duplicate keys are disallowed" (the official reader keeps the last one)
  /beginning with '\{'/, // "The header data MUST begin with a `{` character"
];

function outcome(f: () => unknown): { ok: true; value: unknown } | { ok: false; reason: string } {
  try {
    return { ok: true, value: f() };
  } catch (e) {
    if (!isSparselandError(e, 'SPARSELAND__CORE__SAFETENSORS_INVALID')) throw e;
    return { ok: false, reason: e.context.reason };
  }
}

describe('agreement with the official reader (test/fixtures/make-safetensors-verdicts.py)', () => {
  it('has a meaningful mix of accepted and rejected cases', () => {
    expect(cases.length).toBe(700);
    expect(cases.filter((c) => c.ok).length).toBeGreaterThan(150);
    expect(cases.filter((c) => !c.ok).length).toBeGreaterThan(300);
  });

  it('accepts what the official reader accepts (with the same tensors), and rejects what it rejects', () => {
    const divergences: string[] = [];
    for (const [i, c] of cases.entries()) {
      const bytes = new Uint8Array(Buffer.from(c.bytes, 'base64'));
      const ours = outcome(() => parseSafetensorsHeader(bytes));
      const label = `case ${i} (${c.kind}): official ${c.ok ? 'accepts' : `rejects: ${c.error}`}`;
      if (!c.ok) {
        expect(ours.ok, label).toBe(false);
        continue;
      }
      if (!ours.ok) {
        expect(
          DELIBERATE.some((re) => re.test(ours.reason)),
          `${label}; we reject: ${ours.reason}`,
        ).toBe(true);
        divergences.push(ours.reason);
        continue;
      }
      const { entries } = ours.value as ReturnType<typeof parseSafetensorsHeader>;
      const got = entries
        .map((e) => [
          e.name,
          e.dtype,
          [...e.shape],
          hex(bytes.subarray(e.byteOffset, e.byteOffset + e.byteLength)),
        ])
        .sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : 0));
      expect(got, label).toEqual(c.tensors);
    }
    // the deliberate divergences do occur in the corpus, so this test exercises them
    expect(divergences.some((r) => /duplicate/.test(r))).toBe(true);
    expect(divergences.some((r) => /beginning with/.test(r))).toBe(true);
  });

  it('decodes every case either into one tensor per entry or into SAFETENSORS_INVALID, leaking nothing', () => {
    for (const [i, c] of cases.entries()) {
      const bytes = new Uint8Array(Buffer.from(c.bytes, 'base64'));
      const before = memory().numTensors;
      const ours = outcome(() => decodeSafetensors(bytes, { dtypes: { I64: 'float64' } }));
      if (ours.ok) {
        const { tensors } = ours.value as ReturnType<typeof decodeSafetensors>;
        expect(Object.keys(tensors).length, `case ${i}`).toBe(c.tensors!.length);
        expect(memory().numTensors).toBe(before + c.tensors!.length);
        for (const t of Object.values(tensors)) t.dispose();
      } else {
        expect(memory().numTensors, `case ${i}`).toBe(before);
      }
    }
  });
});
