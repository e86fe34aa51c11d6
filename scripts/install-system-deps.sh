#!/usr/bin/env bash
# System dependencies for building and testing Sparseland. Idempotent: run it as often as you like.
#
# Today the workspace needs nothing from the system but Node.js >= 20.19 (vite 8 and vitest 4 need
# ^20.19; npm comes with Node). pnpm is installed by .ci/run, and everything else comes from the npm
# registry through `pnpm install`.
#
# The WebGPU issue will extend this script (see shared/TOOLCHAIN.md, sections 2-4):
#   - `chromium` from bookworm, for vitest browser mode (it ships SwiftShader);
#   - `mesa-vulkan-drivers` 25.x from bookworm-backports (lavapipe), because Dawn rejects bookworm's
#     own 22.3.6.
# When it does, keep it idempotent: install only what is missing, and run `apt-get update` only when
# something is about to be installed.
set -euo pipefail

required_major=20
required_minor=19

if ! command -v node >/dev/null 2>&1; then
  echo "install-system-deps: node is not installed; install Node.js >= ${required_major}.${required_minor}" >&2
  exit 1
fi

version=$(node -p 'process.versions.node')
major=${version%%.*}
rest=${version#*.}
minor=${rest%%.*}
if ((major < required_major || (major == required_major && minor < required_minor))); then
  echo "install-system-deps: node ${version} is too old; Sparseland needs >= ${required_major}.${required_minor}" >&2
  exit 1
fi

if ! command -v npm >/dev/null 2>&1; then
  echo "install-system-deps: npm is missing (it ships with Node.js)" >&2
  exit 1
fi

echo "install-system-deps: node ${version} ok; no system packages needed yet"
