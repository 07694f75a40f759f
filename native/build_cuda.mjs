#!/usr/bin/env node
// The CUDA part of the native build (issue 7): when nvcc is on PATH, compiles native/src/cuda/*.cu
// for sm_80 and sm_90 plus compute_90 PTX (so newer GPUs JIT it) into native/cuda_build/libtc_cuda.a,
// and records where the static CUDA runtime is; binding.gyp then links both into the addon and
// defines TC_WITH_CUDA. Without nvcc (or with TENSORCAST_CUDA=0) it removes native/cuda_build and
// the addon is CPU-only, which it says. Skips the compile when the library is newer than every
// source it depends on (nvcc takes minutes: ptxas on the fit kernel).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, 'cuda_build');
const lib = join(out, 'libtc_cuda.a');
const say = (msg) => console.log(`tensorcast native: ${msg}`);

if (process.env.TENSORCAST_CUDA === '0') {
  rmSync(out, { recursive: true, force: true });
  say('TENSORCAST_CUDA=0: building the CPU-only addon');
  process.exit(0);
}
const probe = spawnSync('nvcc', ['--dryrun', '-c', '-x', 'cu', '/dev/null', '-o', '/dev/null'], { encoding: 'utf8' });
if (probe.error || probe.status !== 0) {
  rmSync(out, { recursive: true, force: true });
  say('nvcc not found: building the CPU-only addon (no CUDA backend)');
  process.exit(0);
}
const top = dirname((probe.stderr.match(/_HERE_=(\S+)/) ?? [])[1] ?? '');
const cudartDir = ['lib64', 'lib', 'targets/x86_64-linux/lib', 'targets/sbsa-linux/lib'].map((d) => join(top, d)).find((d) => existsSync(join(d, 'libcudart_static.a')));
if (!cudartDir) {
  console.error(`tensorcast native: nvcc found (${top}) but no libcudart_static.a under it; set TENSORCAST_CUDA=0 for a CPU-only build`);
  process.exit(1);
}

const sources = ['src/cuda/cuda_info.cu', 'src/cuda/garch_cuda.cu', 'src/cuda/arima_cuda.cu'];
const dependsOn = ['src/cuda', 'src/garch', 'src/arima', 'src/kernels', 'src/core'].flatMap((d) => readdirSync(join(here, d)).map((f) => join(here, d, f)));
const newest = Math.max(...[...dependsOn, join(here, 'build_cuda.mjs')].map((f) => statSync(f).mtimeMs));
if (existsSync(lib) && statSync(lib).mtimeMs > newest) {
  say(`CUDA library up to date (${lib})`);
} else {
  mkdirSync(out, { recursive: true });
  // the library is stamped with this time, not its finish: a source edited while nvcc runs (which
  // read it at the start) leaves the library older than the edit, so the next build redoes it
  const buildStartedMs = Date.now();
  const gencode = ['-gencode', 'arch=compute_80,code=sm_80', '-gencode', 'arch=compute_90,code=sm_90', '-gencode', 'arch=compute_90,code=compute_90'];
  const objects = [];
  for (const src of sources) {
    const obj = join(out, src.replace(/^.*\//, '').replace(/\.cu$/, '.o'));
    say(`nvcc ${src} (sm_80, sm_90, compute_90 PTX; several minutes)`);
    const started = Date.now();
    const r = spawnSync('nvcc', ['-std=c++17', '-O3', '--fmad=false', '--threads', '0', '-Xcompiler', '-fPIC', ...gencode, '-c', join(here, src), '-o', obj], { stdio: 'inherit' });
    if (r.status !== 0) process.exit(r.status ?? 1);
    say(`nvcc ${src}: ${((Date.now() - started) / 1000).toFixed(0)} s`);
    objects.push(obj);
  }
  rmSync(lib, { force: true });
  const ar = spawnSync('ar', ['rcs', lib, ...objects], { stdio: 'inherit' });
  if (ar.status !== 0) process.exit(ar.status ?? 1);
  utimesSync(lib, buildStartedMs / 1000, buildStartedMs / 1000);
}
writeFileSync(join(out, 'link.json'), JSON.stringify({ lib, cudartDir }));
say(`CUDA backend: ${lib}, static runtime from ${cudartDir}`);
