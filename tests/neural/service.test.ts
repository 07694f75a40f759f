import { afterEach, describe, expect, it } from 'vitest';
import { NeuralService, NeuralUnavailable } from '../../src/neural/service.js';

const base = { enabled: true, artifact: 'models/nbeats/1.0.0', backends: ['wasm', 'cpu'] as ('wasm' | 'cpu')[], batchBuckets: [4, 32] };
const open: NeuralService[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

describe('NeuralService (worker thread owning tfjs)', () => {
  it('is not ready until warm-up of every bucket is done, then ready and not degraded', async () => {
    const s = new NeuralService(base);
    open.push(s);
    expect(s.network?.windowBars).toBe(64);
    expect(s.notReadyReasons()).toEqual(['neural: warming up']);
    const started = s.start();
    expect(s.state.kind).toBe('loading');
    expect(s.notReadyReasons()).toEqual(['neural: warming up']);
    await started;
    expect(s.state).toMatchObject({ kind: 'ready', version: 'nbeats@1.0.0' });
    expect(s.notReadyReasons()).toEqual([]);
    expect(s.degradedReasons()).toEqual([]);
  });

  it('answers 40 windows (two buckets) with one result per window', async () => {
    const s = new NeuralService(base);
    open.push(s);
    const L = s.network!.windowBars;
    const H = s.network!.horizonBars;
    const windows = Float64Array.from({ length: 40 * L }, (_, i) => Math.sin(i));
    const p = await s.predict(windows, 40);
    expect(p.cumLogChangePct.length).toBe(40 * H);
    expect(p.stepVariancePct2.every((v) => v > 0 && Number.isFinite(v))).toBe(true);
  });

  it('a missing artifact: failed at once, degraded (not un-ready), predict refuses with the reason', async () => {
    const s = new NeuralService({ ...base, artifact: '/nonexistent/nbeats' });
    open.push(s);
    await s.start();
    expect(s.state.kind).toBe('failed');
    expect(s.notReadyReasons()).toEqual([]);
    expect(s.degradedReasons()[0]).toMatch(/^neural: .*nonexistent.*model.json/);
    await expect(s.predict(new Float64Array(64), 1)).rejects.toThrow(NeuralUnavailable);
  });

  it('disabled: no worker, not degraded', async () => {
    const s = new NeuralService({ ...base, enabled: false });
    await s.start();
    expect(s.state.kind).toBe('disabled');
    expect(s.degradedReasons()).toEqual([]);
    await expect(s.predict(new Float64Array(64), 1)).rejects.toThrow(/disabled/);
  });
});
