import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync, execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../../src/core/paths.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

/** Debian's python3 (with python3-grpcio) lives in /usr/bin; the first python3 on PATH may lack grpc. */
function findPython(): string | undefined {
  for (const py of ['/usr/bin/python3', 'python3']) {
    const r = spawnSync(py, ['-c', 'import grpc, grpc_tools'], { encoding: 'utf8' });
    if (r.status === 0) return py;
  }
  return undefined;
}

const python = findPython();
// CI installs python3-grpcio and sets TC_TEST_REQUIRE_PYTHON=1, so there this test cannot silently vanish.
const required = process.env.TC_TEST_REQUIRE_PYTHON === '1';

describe('Python client (examples/python)', () => {
  let ts: TestServer;
  beforeAll(async () => {
    ts = await startTestServer();
  });
  afterAll(async () => {
    await ts.stop();
  });

  it('python3 with grpc is available where required', () => {
    if (required) expect(python, 'python3 with grpcio and grpc_tools').toBeDefined();
  });

  it.runIf(python !== undefined)('round-trips a Forecast call against a live server', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tc-py-'));
    const csv = join(dir, 'two.csv');
    writeFileSync(csv, 'ticker,date,close\nAAA,2024-01-01,10\nAAA,2024-01-02,11\nAAA,2024-01-03,10.5\nBBB,2024-01-01,5\nBBB,2024-01-02,5.5\nBBB,2024-01-03,6\n');
    const script = join(packageRoot(), 'examples/python/tensorcast_client.py');
    const out = await new Promise<string>((ok, fail) =>
      execFile(python!, [script, '--address', ts.address, '--input', csv, '--model', 'random_walk', '--horizon', '2', '--json'], (err, stdout, stderr) =>
        err ? fail(new Error(`${err.message}\n${stderr}`)) : ok(stdout),
      ),
    );
    const res = JSON.parse(out);
    expect(res.forecasts).toHaveLength(2);
    const a = res.forecasts[0];
    expect(a.ticker).toBe('AAA');
    expect(a.status).toBe('OK');
    // random walk on 10, 11, 10.5: mean = 10.5; σ² = (1 + 0.25)/2 = 0.625; var_2 = 1.25
    expect(a.mean).toEqual([10.5, 10.5]);
    expect(a.variance[1]).toBeCloseTo(1.25, 12);
    expect(res.forecasts[1].mean[0]).toBe(6);
  }, 60_000);
});
