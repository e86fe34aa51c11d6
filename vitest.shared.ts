// Shared vitest settings; every package's vitest.config.ts merges these.
import { defaultClientConditions, defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

// Resolve sibling workspace packages to their TypeScript sources (the "@sparseland/source" export
// condition), so a test runs against the code in the tree, not against a stale dist/.
const source = '@sparseland/source';

export default defineConfig({
  resolve: { conditions: [source, ...defaultClientConditions] },
  ssr: { resolve: { conditions: [source, ...defaultServerConditions] } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**', 'benchmarks/**'],
    // Our machines have 2 cores and turbo runs the packages side by side: a bounded property test or a
    // software-GPU test may take several times its quiet-machine time. Timeouts catch hangs, not speed.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
