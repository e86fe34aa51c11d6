/** Messages for codes that other packages declare: registered formatters and the `fn: reason.` rule. */
import { expect, it } from 'vitest';
import { registerErrorMessage, SparselandError } from '../../src/index.js';

declare module '../../src/index.js' {
  interface SparselandErrorContexts {
    SPARSELAND__TEST__NOT_READY: { thing: string };
    SPARSELAND__TEST__BROKEN: { fn: string; reason: string };
  }
}

it('uses a registered formatter for a code with its own context', () => {
  registerErrorMessage(
    'SPARSELAND__TEST__NOT_READY',
    (c) => `${c.thing} is not ready; call prepare() first.`,
  );
  const e = new SparselandError('SPARSELAND__TEST__NOT_READY', { thing: 'Widget' });
  expect(e.message).toBe('Widget is not ready; call prepare() first.');
  expect(e.context.thing).toBe('Widget');
});

it('writes `fn: reason.` for contexts with fn and reason', () => {
  const e = new SparselandError('SPARSELAND__TEST__BROKEN', {
    fn: 'decode',
    reason: 'the header is truncated',
  });
  expect(e.message).toBe('decode: the header is truncated.');
});
