import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { ForecastClient } from '../../src/client/client.js';
import { loadConfig } from '../../src/config/load.js';
import { packageRoot } from '../../src/core/paths.js';
import { syntheticCloses } from '../helpers/server.js';

const BIN = join(packageRoot(), 'bin/tensorcast.js');

/** Starts `tensorcast serve` as a real process on free ports and waits for its "listening" line. */
function serveProcess(env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [BIN, 'serve'], {
    env: { ...process.env, TENSORCAST_SERVER__PORT: '0', TENSORCAST_HTTP__PORT: '0', TENSORCAST_LOG__LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const listening = new Promise<{ grpcPort: number; httpPort: number }>((ok, fail) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const line = out.split('\n').find((l) => l.startsWith('{"listening"'));
      if (line) ok(JSON.parse(line).listening);
    });
    child.once('exit', (code) => fail(new Error(`serve exited ${code}: ${stderr}`)));
  });
  const exited = new Promise<number | null>((ok) => child.once('exit', (code) => ok(code)));
  return { child, listening, exited, stderr: () => stderr };
}

describe('shutdown', () => {
  it('SIGTERM stops accepting, lets the in-flight call finish, exits 0', async () => {
    const proc = serveProcess({ TENSORCAST_SERVER__SHUTDOWN_GRACE_MS: '20000' });
    const { grpcPort, httpPort } = await proc.listening;
    const client = new ForecastClient(`127.0.0.1:${grpcPort}`);
    // A request large enough to still be running when the signal arrives.
    const series = Array.from({ length: 2000 }, (_, i) => ({ ticker: `T${i}`, close: syntheticCloses(2500, i + 1) }));
    const inFlight = client.forecast({ series, models: [{ name: 'random_walk' }, { name: 'ewma' }, { name: 'drift' }], horizonBars: 10 });
    // Signal only once the server is working on the call (the in-flight gauge says so).
    for (;;) {
      const metrics = await (await fetch(`http://127.0.0.1:${httpPort}/metrics`)).text();
      if (/^tensorcast_in_flight_requests [1-9]/m.test(metrics)) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    proc.child.kill('SIGTERM');
    const res = await inFlight;
    expect(res.forecasts).toHaveLength(6000);
    expect(res.forecasts.every((f: { status: string }) => f.status === 'OK')).toBe(true);
    expect(await proc.exited).toBe(0);
    // after shutdown nothing accepts calls
    await expect(client.forecast({ series: [{ ticker: 'A', close: [1, 2, 3] }], models: [{ name: 'random_walk' }], horizonBars: 1 }, 2000)).rejects.toBeTruthy();
    client.close();
  }, 60_000);
});

describe('configuration', () => {
  it('a bad value names the key', () => {
    expect(() => loadConfig({ env: { TENSORCAST_SERVER__PORT: '70000' } })).toThrow(/server\.port/);
    expect(() => loadConfig({ env: {}, overrides: { preprocess: { missingPolicy: 'sometimes' } } })).toThrow(/preprocess\.missingPolicy/);
  });

  it('an unknown key is named', () => {
    expect(() => loadConfig({ env: {}, overrides: { server: { prot: 1 } } })).toThrow(/server.*prot/);
  });

  it('layers: default, files in order with include, then environment', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tc-config-'));
    writeFileSync(join(dir, 'base.yaml'), 'limits:\n  maxTickers: 10\n  maxLevels: 3\n');
    writeFileSync(join(dir, 'site.yaml'), 'include: base.yaml\nlimits:\n  maxTickers: 20\n');
    const cfg = loadConfig({ files: [join(dir, 'site.yaml')], env: { TENSORCAST_LIMITS__MAX_LEVELS: '5' } });
    expect(cfg.limits.maxTickers).toBe(20); // site.yaml over its include
    expect(cfg.limits.maxLevels).toBe(5); // environment over files
    expect(cfg.limits.maxHorizonBars).toBe(1000); // default kept
  });

  it('a bad config stops `tensorcast serve` with a message naming the key', async () => {
    const proc = serveProcess({ TENSORCAST_PREPROCESS__THREADS: '0' });
    await expect(proc.listening).rejects.toThrow(/preprocess\.threads/);
    expect(await proc.exited).toBe(2);
  });
});
