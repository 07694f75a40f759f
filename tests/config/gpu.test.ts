// The gpu section of the central schema: defaults from config/default.yaml, env overrides, and
// refusals naming the key.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/load.js';
import { resolveMinBatchSeries } from '../../src/service/gpu.js';

describe('gpu config', () => {
  it('defaults: GPU used when detected, simulation and fault injection off', () => {
    const g = loadConfig({ env: {} }).gpu;
    expect(g.enabled).toBe(true);
    expect(g.simulateDevice).toBe(false);
    expect(g.faultInjection.mode).toBe('none');
    expect(g.minBatchSeries).toBe('auto');
  });

  it('is settable by TENSORCAST_* variables', () => {
    const g = loadConfig({
      env: { TENSORCAST_GPU__FAULT_INJECTION__MODE: 'oom', TENSORCAST_GPU__FAULT_INJECTION__EVERY_N: '4', TENSORCAST_GPU__MIN_BATCH_SERIES: '128', TENSORCAST_GPU__SIMULATE_DEVICE: 'true' },
    }).gpu;
    expect(g.faultInjection).toMatchObject({ mode: 'oom', everyN: 4 });
    expect(g.minBatchSeries).toBe(128);
    expect(g.simulateDevice).toBe(true);
  });

  it('refuses bad values, naming the key', () => {
    const bad = (gpu: object) => () => loadConfig({ env: {}, overrides: { gpu } });
    expect(bad({ faultInjection: { mode: 'explode' } })).toThrow(ConfigError);
    expect(bad({ faultInjection: { mode: 'explode' } })).toThrow(/gpu\.faultInjection\.mode/);
    expect(bad({ faultInjection: { probability: 1.5 } })).toThrow(/gpu\.faultInjection\.probability/);
    expect(bad({ minBatchSeries: 0 })).toThrow(/gpu\.minBatchSeries/);
    expect(bad({ tripFailureRate: 0 })).toThrow(/gpu\.tripFailureRate/);
    expect(bad({ coolDownMs: -1 })).toThrow(/gpu\.coolDownMs/);
    expect(bad({ streams: 2 })).toThrow(/gpu/); // unknown key
  });

  it("minBatchSeries 'auto' is 200 series per native CPU thread (the GARCH crossover measured on an H200)", () => {
    const g = loadConfig({ env: {} }).gpu;
    expect(resolveMinBatchSeries(g, 2)).toBe(400);
    expect(resolveMinBatchSeries(g, 16)).toBe(3200);
    expect(resolveMinBatchSeries({ ...g, minBatchSeries: 64 }, 16)).toBe(64);
  });
});
