import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { packageRoot } from '../../src/core/paths.js';

const BIN = join(packageRoot(), 'bin/tensorcast.js');

/** Runs the compiled CLI (bin/tensorcast.js) with warn-level logs; never rejects. */
export function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((ok) =>
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, TENSORCAST_LOG__LEVEL: 'warn' }, maxBuffer: 64 << 20 }, (err, stdout, stderr) =>
      ok({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    ),
  );
}
