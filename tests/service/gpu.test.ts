// Start-up GPU set-up and the real models through the GPU executor, against a stand-in for the
// CUDA-built addon the native side is writing: the real CPU kernels behind the native contract
// (cudaInfo; garchBatch/arimaBatch with backend 'cuda' answering backend + deviceMs, or failing with
// "cuda error: ..."). The reference is the same model run directly on the real CPU binding.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynamicBatcher } from '../../src/batching/batcher.js';
import { loadConfig } from '../../src/config/load.js';
import { packageRoot } from '../../src/core/paths.js';
import { arimaModel } from '../../src/models/arima/model.js';
import { baselineModels } from '../../src/models/baselines.js';
import { garchFamilyModels } from '../../src/models/garch/model.js';
import type { ForecastModel } from '../../src/models/model.js';
import { ModelRegistry } from '../../src/models/registry.js';
import { loadNative, type NativeBinding } from '../../src/native/binding.js';
import { createLogger } from '../../src/obs/logger.js';
import { gpuStatus, setUpGpu } from '../../src/service/gpu.js';
import { preparedBatch } from '../batching/fakes.js';

const H100 = { index: 0, name: 'NVIDIA H100 80GB HBM3', totalMemoryBytes: 85_029_158_912, computeCapability: '9.0', multiprocessors: 132 };
const silent = createLogger('silent');

/** The real addon with the CUDA contract added; `device` decides what a backend 'cuda' call does. */
function cudaAddon(device: 'works' | 'fails') {
  const real = loadNative();
  const cudaCalls: string[] = [];
  const onDevice =
    (name: 'garchBatch' | 'arimaBatch') =>
    async (input: { backend?: string }) => {
      const { backend, ...rest } = input;
      if (backend !== 'cuda') return (real[name] as (i: unknown) => Promise<unknown>)(rest);
      cudaCalls.push(name);
      if (device === 'fails') throw new Error('cuda error: an illegal memory access was encountered');
      const out = (await (real[name] as (i: unknown) => Promise<{ computeMs: number }>)(rest)) as { computeMs: number };
      return { ...out, backend: 'cuda', deviceMs: out.computeMs };
    };
  const native = {
    garchBatch: onDevice('garchBatch'),
    arimaBatch: onDevice('arimaBatch'),
    garchParamNames: (s: never) => real.garchParamNames(s),
    baselineBatch: (i: never) => real.baselineBatch(i),
    configure: (o: never) => real.configure(o),
    info: () => ({ ...real.info(), backends: ['cpu', 'cuda'] }),
    cudaInfo: () => ({ compiled: true, available: true, error: '', devices: [H100] }),
  } as unknown as NativeBinding;
  return { native, cudaCalls };
}

function registry(native: NativeBinding, cfg = loadConfig({ env: {} })) {
  const n = () => native;
  return new ModelRegistry([...baselineModels(n, { ewmaLambda: 0.94 }), ...garchFamilyModels(n, cfg.garch, 0.94), arimaModel(n)]);
}

// DEM/GBP returns cut into 4 series of 490
const returns = readFileSync(join(packageRoot(), 'tests/data/dem2gbp_returns.csv'), 'utf8').trim().split('\n').slice(1).map(Number);
const FOUR = [0, 1, 2, 3].map((k) => returns.slice(k * 490, (k + 1) * 490));

/** This file's registry holds only the native models: drop the default per-model overrides of others (neural). */
function batchingFor(cfg: ReturnType<typeof loadConfig>, models: { names(): string[] }) {
  return { ...cfg.batching, models: Object.fromEntries(Object.entries(cfg.batching.models).filter(([name]) => models.names().includes(name))) };
}

async function viaBatcher(device: 'works' | 'fails', modelName: string, fields: object) {
  const cfg = loadConfig({ env: {}, overrides: { gpu: { minBatchSeries: 4 } } });
  const { native, cudaCalls } = cudaAddon(device);
  const models = registry(native, cfg);
  const setup = setUpGpu(cfg, native, models, silent);
  const batcher = new DynamicBatcher({ config: batchingFor(cfg, models), modelNames: models.names(), gpu: setup.routing });
  const model = models.get(modelName) as ForecastModel<unknown>;
  const options = model.optionsSchema.parse(fields);
  const run = { batch: preparedBatch(FOUR), options, horizonBars: 5, levels: [0.8, 0.95] };
  const onGpu = await batcher.execute({ model, ...run }, {});
  // the reference: the same model built on the plain CPU binding, run directly
  const reference = await (registry(loadNative()).get(modelName) as ForecastModel<unknown>).run(run);
  batcher.close();
  return { onGpu, reference, cudaCalls, setup };
}

const numbersOf = ({ mean, variance, params, errors, details, intervalQuantiles }: Record<string, unknown>) => ({ mean, variance, params, errors, details, intervalQuantiles });

describe('setUpGpu', () => {
  it('builds a cuda executor when the addon reports a device; routes garch, gjr and arima', () => {
    const cfg = loadConfig({ env: {} });
    const { native } = cudaAddon('works');
    const s = setUpGpu(cfg, native, registry(native), silent);
    expect(s.kind).toBe('cuda');
    expect(s.routing?.models).toEqual(['garch', 'gjr', 'arima']);
    expect(s.minBatchSeries).toBe(200 * native.info().threads);
    expect(gpuStatus(s, cfg)).toMatchObject({ cudaCompiled: true, cudaAvailable: true, devices: [H100], executor: 'cuda', simulatedDevice: false, breakerState: 'closed', maxInFlightBatches: 2, faultInjection: 'none' });
  });

  it('no executor when gpu.enabled is false or batching is off, even with a device', () => {
    const { native } = cudaAddon('works');
    expect(setUpGpu(loadConfig({ env: {}, overrides: { gpu: { enabled: false } } }), native, registry(native), silent).kind).toBe('none');
    expect(setUpGpu(loadConfig({ env: {}, overrides: { batching: { enabled: false } } }), native, registry(native), silent).kind).toBe('none');
  });

  it('the real addon here: no executor unless the simulated device is asked for', () => {
    const native = loadNative();
    const plain = setUpGpu(loadConfig({ env: {} }), native, registry(native), silent);
    if (!plain.cuda.available) expect(plain.kind).toBe('none');
    const sim = setUpGpu(loadConfig({ env: {}, overrides: { gpu: { simulateDevice: true } } }), native, registry(native), silent);
    expect(sim.kind).toBe('cuda-sim');
    expect(gpuStatus(sim, loadConfig({ env: {} })).simulatedDevice).toBe(true);
  });
});

describe('real models through the GPU executor (CUDA contract stand-in)', () => {
  it('garch: the batch goes to the device with backend "cuda"; numbers as on the CPU binding', async () => {
    const { onGpu, reference, cudaCalls } = await viaBatcher('works', 'garch', { noFallback: true });
    expect(cudaCalls).toEqual(['garchBatch']);
    expect(onGpu.backend).toBe('cuda');
    expect(numbersOf(onGpu as never)).toEqual(numbersOf(reference as never));
  });

  it('arima: likewise', async () => {
    const { onGpu, reference, cudaCalls } = await viaBatcher('works', 'arima', { order: [1, 0, 1] });
    expect(cudaCalls).toEqual(['arimaBatch']);
    expect(onGpu.backend).toBe('cuda');
    expect(numbersOf(onGpu as never)).toEqual(numbersOf(reference as never));
  });

  it('a "cuda error" from the device: re-run on the CPU, same numbers, counted against the breaker', async () => {
    const { onGpu, reference, cudaCalls, setup } = await viaBatcher('fails', 'garch', { noFallback: true });
    expect(cudaCalls).toEqual(['garchBatch']);
    expect(onGpu.backend).toBe('cpu');
    expect(numbersOf(onGpu as never)).toEqual(numbersOf(reference as never));
    expect(setup.executor!.breaker.state).toBe('closed'); // 1 of tripAfterConsecutiveFailures=3
  });

  it('below minBatchSeries the device is not called', async () => {
    const cfg = loadConfig({ env: {}, overrides: { gpu: { minBatchSeries: 5 } } });
    const { native, cudaCalls } = cudaAddon('works');
    const models = registry(native, cfg);
    const batcher = new DynamicBatcher({ config: batchingFor(cfg, models), modelNames: models.names(), gpu: setUpGpu(cfg, native, models, silent).routing });
    const model = models.get('arima') as ForecastModel<unknown>;
    const r = await batcher.execute({ model, options: model.optionsSchema.parse({ order: [1, 0, 1] }), batch: preparedBatch(FOUR), horizonBars: 2, levels: [0.9] }, {});
    batcher.close();
    expect(r.backend).toBe('cpu');
    expect(cudaCalls).toEqual([]);
  });
});
