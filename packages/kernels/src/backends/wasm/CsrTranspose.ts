/** `wasm` CsrTranspose: a stable counting sort by column on one thread (it moves indices only). */
import { CsrTranspose } from '../../kernel-names.js';
import { defineWasmKernelConfig, SPARSE_WASM } from './module.js';

/** Registration of {@link CsrTranspose} on `wasm`. */
export const csrTransposeOnWasm = defineWasmKernelConfig(CsrTranspose, ({ inputs, attrs, backend }) => {
  const { rows, cols, nnz, indexWidth } = attrs;
  const colPtr = backend.output([cols + 1], 'int32');
  const rowIdx = backend.output([nnz], 'int32');
  const perm = backend.output([nnz], 'int32');
  SPARSE_WASM.on(backend).csr_transpose(
    backend.ptr(colPtr),
    backend.ptr(rowIdx),
    backend.ptr(perm),
    backend.ptr(inputs.rowPtr),
    backend.ptr(inputs.colIdx),
    rows,
    cols,
    nnz,
    indexWidth,
    backend.scratch(Math.max(4, cols * 4)),
  );
  return [colPtr, rowIdx, perm];
});
