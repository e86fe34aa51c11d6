// vitest global setup: (re)build the embedded wasm kernels before any test imports them (a no-op when the
// sources are unchanged), so `npx vitest run` works on a fresh clone and never runs stale kernels.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  const script = fileURLToPath(new URL('./build-wasm.mjs', import.meta.url));
  execFileSync(process.execPath, [script], { stdio: 'inherit' });
}
