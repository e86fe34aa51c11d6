import { existsSync } from 'node:fs';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.ts';

// Browser project: the webgpu and webgl op cases in Debian's Chromium (vitest browser mode, SwiftShader's
// WebGPU adapter and SwiftShader's WebGL2 through ANGLE, `--use-angle=swiftshader`; see shared/TOOLCHAIN.md
// section 3). It runs where Chromium is installed, and always when
// REQUIRE_WEBGPU=1 (CI, where install-system-deps.sh installs Chromium), so that it cannot silently skip
// there; SPARSELAND_BROWSER_TESTS=0 turns it off.
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const requireWebGPU = !['', '0', undefined].includes(process.env.REQUIRE_WEBGPU);
// the webgl suite (gpu.js on WebGL2, SwiftShader through ANGLE) is required wherever WebGPU is
const requireWebGL = requireWebGPU || !['', '0', undefined].includes(process.env.REQUIRE_WEBGL);
const browser = process.env.SPARSELAND_BROWSER_TESTS !== '0' && (requireWebGPU || existsSync(chromium));
const args = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
  '--use-angle=swiftshader',
  '--use-webgpu-adapter=swiftshader',
];

export default mergeConfig(
  shared,
  defineConfig({
    test: {
      globalSetup: ['./scripts/vitest-global-setup.ts'],
      projects: [
        {
          extends: true,
          test: {
            name: 'core',
            exclude: ['**/node_modules/**', '**/dist/**', 'benchmarks/**', '**/*.browser.test.ts'],
          },
        },
        ...(browser
          ? [
              {
                // not `extends: true`: the shared include list would be appended to this one
                resolve: shared.resolve,
                // cross-origin isolation (SharedArrayBuffer): the wasm backend's worker threads run in the page
                server: {
                  headers: {
                    'Cross-Origin-Opener-Policy': 'same-origin',
                    'Cross-Origin-Embedder-Policy': 'require-corp',
                  },
                },
                define: {
                  __REQUIRE_WEBGPU__: JSON.stringify(requireWebGPU),
                  __REQUIRE_WEBGL__: JSON.stringify(requireWebGL),
                },
                test: {
                  name: 'core-browser',
                  include: ['test/**/*.browser.test.ts'],
                  globalSetup: ['./scripts/vitest-global-setup.ts'],
                  testTimeout: 120_000,
                  browser: {
                    enabled: true,
                    headless: true,
                    screenshotFailures: false,
                    provider: playwright({ launchOptions: { executablePath: chromium, args } }),
                    instances: [{ browser: 'chromium' as const }],
                  },
                },
              },
            ]
          : []),
      ],
    },
  }),
);
