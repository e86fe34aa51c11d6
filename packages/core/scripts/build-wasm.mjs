#!/usr/bin/env node
// Build the wasm backend's kernels (wasm/assembly/*.ts) into src/backends/wasm/generated/kernels-wasm.ts.
// Usage: node scripts/build-wasm.mjs [--force] [--wat <file>]
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWasm } from '../../../scripts/build-wasm.mjs';

await buildWasm({
  root: join(dirname(fileURLToPath(import.meta.url)), '..'),
  src: 'wasm/assembly',
  out: 'src/backends/wasm/generated/kernels-wasm.ts',
  name: 'WASM_KERNELS_BASE64',
  what: "The wasm backend's kernels module",
});
