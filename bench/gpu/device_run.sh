#!/usr/bin/env bash
# Everything issue 7 measures on a GPU machine, in one call of the device tool (15 minutes of device
# time for all tries): the two standalone programs (checks + timings), the real service end to end
# for GARCH and ARIMA, and compute-sanitizer's memcheck on small batches. Each step has its own time
# limit so a slow one cannot eat the others; full logs go to $OUT, a summary is printed last.
#
# Here, after `npm ci && npm run build`:
#   bash bench/gpu/pack_service.sh                                  # .carry/node.xz, .carry/tree.tar.xz
#   make -C bench/gpu BUILD="$PWD/.carry/gpubench" && (cd .carry && tar -cf - gpubench | xz -T2 > gpubench.tar.xz && rm -r gpubench)
# Device tool: command `bash bench/gpu/device_run.sh`, carry [".carry"] (about 45 MiB of the 64).
# Binaries built here need a glibc at least as new as this machine's (Debian 12: 2.36); where they do
# not start, the programs are rebuilt there (device code for sm_90 only: minutes of ptxas).
# TC_DEVICE_QUICK=1: tiny sizes, to try the script itself on a machine without a GPU.
# TC_DEVICE_GARCH_SIZES, TC_DEVICE_E2E_ROUNDS, TC_DEVICE_MEMCHECK=0: a shorter second call.
set -uo pipefail
cd "$(dirname "$0")/../.."
OUT=${OUT:-/tmp/tc-device-out}
mkdir -p "$OUT"
BIN="$PWD/.carry/gpubench"
worst=0

step() {  # step NAME LIMIT_S COMMAND...: runs it under a time limit, log in $OUT/NAME.log
  local name=$1 limit=$2
  shift 2
  echo "=== $name (limit ${limit} s): $*"
  local t0=$SECONDS
  timeout "$limit" "$@" > "$OUT/$name.log" 2>&1
  local rc=$?
  echo "=== $name: exit $rc after $((SECONDS - t0)) s"
  [ "$rc" -gt "$worst" ] && worst=$rc
  return 0
}

{
  date -u
  nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.sm,clocks.max.sm,clocks.mem,power.limit --format=csv
  echo "cpus: $(nproc); $(grep -m1 'model name' /proc/cpuinfo)"
  ldd --version | head -1
} 2>&1 | tee "$OUT/machine.txt"

[ -f .carry/gpubench.tar.xz ] && xz -dc .carry/gpubench.tar.xz | tar -xf - -C .carry
if [ "${TC_DEVICE_QUICK:-0}" = 1 ]; then
  G_SIZES=20 G_EXTRA="--check 20 --mc-series 3 --mc-paths 100 --points 300"; A_SIZES=10 A_EXTRA="--check 10 --points 300"; E_EXTRA="--tickers 20 --requests 2 --points 300"
else
  G_SIZES=${TC_DEVICE_GARCH_SIZES:-100,300,1000,3000,10000,100000} G_EXTRA=""; A_SIZES=100,1000,10000 A_EXTRA=""
  E_EXTRA="--tickers 2500 --requests 4 --rounds ${TC_DEVICE_E2E_ROUNDS:-3}"
fi

if ! "$BIN/garch_gpu_bench" --sizes 1 --check 0 --mc-series 0 --repeat 1 > /dev/null 2>&1; then
  echo "=== the carried programs do not start here; building them (host code; device code from native/cuda_build)"
  timeout 300 make -C bench/gpu BUILD="$BIN" -j"$(nproc)" > "$OUT/build.log" 2>&1 || { tail -20 "$OUT/build.log"; exit 1; }
fi

# shellcheck disable=SC2086  # the *_EXTRA lists split on purpose
step garch 200 "$BIN/garch_gpu_bench" --sizes $G_SIZES $G_EXTRA --repeat 3 --require-gpu
step arima 100 "$BIN/arima_gpu_bench" --sizes $A_SIZES $A_EXTRA --repeat 3 --require-gpu
step e2e_garch 120 bash bench/gpu/service_e2e.sh --model garch $E_EXTRA --require-gpu
step e2e_arima 100 bash bench/gpu/service_e2e.sh --model arima $E_EXTRA --require-gpu
if [ "${TC_DEVICE_MEMCHECK:-1}" = 1 ] && command -v compute-sanitizer > /dev/null; then
  step memcheck_garch 45 compute-sanitizer --tool memcheck --error-exitcode 9 "$BIN/garch_gpu_bench" --sizes 64 --check 64 --mc-series 8 --mc-paths 64 --repeat 1 --points 500 --require-gpu
  step memcheck_arima 45 compute-sanitizer --tool memcheck --error-exitcode 9 "$BIN/arima_gpu_bench" --sizes 64 --check 64 --repeat 1 --points 300 --require-gpu
fi

echo
echo "################ summary (full logs in \$OUT)"
cat "$OUT/machine.txt"
for f in garch arima; do
  [ -f "$OUT/$f.log" ] && { echo "---- $f"; grep -E '^(#|\||check|Monte Carlo check)|FAIL' "$OUT/$f.log" | head -40; }
done
for f in e2e_garch e2e_arima memcheck_garch memcheck_arima; do
  [ -f "$OUT/$f.log" ] && { echo "---- $f"; tail -n 12 "$OUT/$f.log"; }
done
exit "$worst"
