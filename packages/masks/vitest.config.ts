import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.ts';

export default mergeConfig(
  shared,
  defineConfig({
    test: { name: 'masks', setupFiles: ['./test/setup.ts'], testTimeout: 60_000, hookTimeout: 60_000 },
  }),
);
