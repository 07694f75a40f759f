#!/usr/bin/env bash
# Packs what bench/gpu/service_e2e.sh needs on a GPU machine that has no Node and no registry:
#   .carry/node.xz       this machine's Node binary
#   .carry/tree.tar.xz   the built tree: dist/, the addon (built here with CUDA: sm_80, sm_90, PTX;
#                        static CUDA runtime, so only the driver is needed there) and the production
#                        node_modules (no dev dependencies)
# Run after `npm ci && npm run build`; then carry `.carry` (the device tool's `carry: [".carry"]`).
set -euo pipefail
cd "$(dirname "$0")/../.."
addon=native/build/Release/tensorcast.node
[ -f "$addon" ] && [ -f dist/client/client.js ] || { echo "pack_service: build first (npm ci && npm run build)" >&2; exit 2; }
node -e "const a=require('./$addon'); if(!a.info().backends.includes('cuda')){console.error('pack_service: the addon was built without CUDA (no nvcc?)');process.exit(2)}"
mkdir -p .carry
xz -T2 -9 -c "$(readlink -f "$(command -v node)")" > .carry/node.xz
# production packages, outermost directories only (a nested node_modules travels with its parent)
npm ls --omit=dev --all --parseable 2>/dev/null | sed -n "s|^$PWD/||p" | grep '^node_modules/' | sort -u |
  awk 'prev == "" || index($0, prev "/") != 1 { print; prev = $0 }' > .carry/packages.txt
tar -cf - dist bin proto config models package.json "$addon" -T .carry/packages.txt | xz -T2 -9 > .carry/tree.tar.xz
rm .carry/packages.txt
du -sh .carry/node.xz .carry/tree.tar.xz
total=$(du -cb .carry/node.xz .carry/tree.tar.xz | tail -1 | cut -f1)
[ "$total" -le $((64 * 1024 * 1024)) ] || { echo "pack_service: .carry is $total bytes, over the device tool's 64 MiB carry limit" >&2; exit 1; }
