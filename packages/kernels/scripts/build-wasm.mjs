#!/usr/bin/env node
// Build this package's wasm kernels (wasm/assembly/*.ts) into src/backends/wasm/generated/kernels-wasm.ts,
// a module that runs over core's wasm backend memory (see @sparseland/core/extend).
// Usage: node scripts/build-wasm.mjs [--force] [--wat <file>]
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWasm } from '../../../scripts/build-wasm.mjs';

await buildWasm({
  root: join(dirname(fileURLToPath(import.meta.url)), '..'),
  src: 'wasm/assembly',
  out: 'src/backends/wasm/generated/kernels-wasm.ts',
  name: 'SPARSE_KERNELS_WASM_BASE64',
  what: 'The wasm module of the sparse kernels',
});
