// vitest global setup: (re)build the wasm backend's embedded kernels before any test imports them, so
// `npx vitest run` works on a fresh clone and never runs stale kernels (a no-op when sources are unchanged).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  const script = fileURLToPath(new URL('./build-wasm.mjs', import.meta.url));
  execFileSync(process.execPath, [script], { stdio: 'inherit' });
}
