import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { packageRoot } from '../../src/core/paths.js';

/**
 * Builds one standalone C++ check under native/tests (g++ with the addon's no-contraction flag) in
 * a temporary folder, runs it and returns what it printed; the folder is removed afterwards.
 */
export function runHostCheck(relativeSource: string): SpawnSyncReturns<string> {
  const dir = mkdtempSync(join(tmpdir(), 'tc-hostcheck-'));
  try {
    const bin = join(dir, basename(relativeSource).replace(/\.cpp$/, ''));
    execFileSync('g++', ['-std=c++17', '-O2', '-ffp-contract=off', '-o', bin, join(packageRoot(), relativeSource)], { stdio: 'pipe' });
    return spawnSync(bin, [], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
