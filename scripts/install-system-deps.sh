#!/usr/bin/env bash
# System dependencies for building and testing Sparseland. Idempotent: run it as often as you like.
#
# Beyond Node.js >= 20.19 (vite 8 and vitest 4 need ^20.19; npm comes with Node), the WebGPU tests of
# @sparseland/core need a Vulkan driver for Dawn (the `webgpu` npm package) to find an adapter:
#   - `mesa-vulkan-drivers` 25.x from bookworm-backports (lavapipe, a CPU Vulkan implementation), because
#     Dawn rejects bookworm's own 22.3.6 ("Vulkan shaderUniform*ArrayDynamicIndexing required");
#   - `chromium` from bookworm, for the browser tests (vitest browser mode; it ships SwiftShader, whose
#     WebGPU adapter the browser suite uses).
# See shared/TOOLCHAIN.md, sections 2-4. pnpm is installed by .ci/run, and everything else comes from the
# npm registry through `pnpm install`.
#
# Idempotent: it installs only what is missing, and runs `apt-get update` only when something is about to
# be installed. On a system without apt-get (not Debian) it only warns: the WebGPU tests then skip, unless
# REQUIRE_WEBGPU=1 makes them fail.
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

echo "install-system-deps: node ${version} ok"

# ---- Vulkan (lavapipe) for WebGPU in Node, Chromium for the browser tests -------------------------------

required_mesa_major=25

# The installed version of a Debian package, or nothing.
installed_version() {
  dpkg-query -W -f='${Status} ${Version}\n' "$1" 2>/dev/null | awk '$3 == "installed" { print $4 }'
}

mesa_version=$(installed_version mesa-vulkan-drivers || true)
mesa_major=${mesa_version%%.*}
need_mesa=1
if [ -n "$mesa_version" ] && [ "${mesa_major:-0}" -ge "$required_mesa_major" ] 2>/dev/null; then
  echo "install-system-deps: mesa-vulkan-drivers ${mesa_version} ok"
  need_mesa=0
fi
chromium_version=$(installed_version chromium || true)
need_chromium=1
if [ -n "$chromium_version" ]; then
  echo "install-system-deps: chromium ${chromium_version} ok"
  need_chromium=0
fi
if [ "$need_mesa" -eq 0 ] && [ "$need_chromium" -eq 0 ]; then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-system-deps: warning: no apt-get; install a Vulkan driver (Mesa >= ${required_mesa_major} lavapipe) and Chromium yourself, or the WebGPU tests skip" >&2
  exit 0
fi

as_root=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    as_root=(sudo)
  else
    echo "install-system-deps: need root (or sudo) to install mesa-vulkan-drivers and chromium" >&2
    exit 1
  fi
fi

if [ "$need_mesa" -eq 1 ]; then
  # Enable bookworm-backports (deb822 sources on Debian 12 images; a one-line list elsewhere).
  sources=/etc/apt/sources.list.d/debian.sources
  if ! grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
    if [ -f "$sources" ] && grep -q '^Suites: bookworm bookworm-updates$' "$sources"; then
      "${as_root[@]}" sed -i 's/^Suites: bookworm bookworm-updates$/Suites: bookworm bookworm-updates bookworm-backports/' "$sources"
    else
      echo 'deb http://deb.debian.org/debian bookworm-backports main' |
        "${as_root[@]}" tee /etc/apt/sources.list.d/bookworm-backports.list >/dev/null
    fi
  fi
fi

"${as_root[@]}" apt-get update -qq
if [ "$need_chromium" -eq 1 ]; then
  echo "install-system-deps: installing chromium"
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium
  echo "install-system-deps: chromium $(installed_version chromium) installed"
fi
if [ "$need_mesa" -eq 1 ]; then
  echo "install-system-deps: installing mesa-vulkan-drivers from bookworm-backports (was: ${mesa_version:-absent})"
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    -t bookworm-backports mesa-vulkan-drivers
  echo "install-system-deps: mesa-vulkan-drivers $(installed_version mesa-vulkan-drivers) installed"
fi
