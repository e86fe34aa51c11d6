import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

describe('@sparseland/attention entry point', () => {
  it('imports through the package exports and reports the package.json version', async () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    const entry = await import('@sparseland/attention');
    expect(entry.VERSION).toBe(pkg.version);
  });
});
