#!/usr/bin/env bash
# Runs bench/gpu/service_e2e.mjs (the real service, GPU server against CPU server) on a machine that
# may have no Node: it unpacks .carry/node.xz and .carry/tree.tar.xz (bench/gpu/pack_service.sh)
# when they are there. Arguments go to service_e2e.mjs, e.g. --tickers 2000 --requests 4 --require-gpu.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ -f .carry/tree.tar.xz ]; then
  xz -dc .carry/tree.tar.xz | tar -xf -
fi
if [ -f .carry/node.xz ]; then
  mkdir -p .carry/bin
  xz -dc .carry/node.xz > .carry/bin/node
  chmod +x .carry/bin/node
  export PATH="$PWD/.carry/bin:$PATH"
fi
command -v node > /dev/null || { echo "service_e2e: no node on PATH and no .carry/node.xz (bench/gpu/pack_service.sh makes one)" >&2; exit 2; }
[ -f dist/client/client.js ] || { echo "service_e2e: no built tree (npm run build here, or .carry/tree.tar.xz)" >&2; exit 2; }
echo "node $(node --version) at $(command -v node)"
exec node bench/gpu/service_e2e.mjs "$@"
