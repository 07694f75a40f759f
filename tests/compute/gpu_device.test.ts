// Detection and the device binding against the native CUDA contract (cudaInfo, backend option),
// with fakes standing in for a CUDA-built addon, and the real addon of this machine.
import { describe, expect, it } from 'vitest';
import { cudaDevice, detectCuda, simulatedDevice } from '../../src/compute/gpu_device.js';
import { loadNative, type NativeBinding } from '../../src/native/binding.js';

const H100 = { index: 0, name: 'NVIDIA H100 80GB HBM3', totalMemoryBytes: 85_029_158_912, computeCapability: '9.0', multiprocessors: 132 };

/** A binding that records each batch call's input and answers with what the contract says. */
function fakeBinding(extra: object = {}) {
  const inputs: Record<string, unknown>[] = [];
  const answer = async (i: Record<string, unknown>) => (inputs.push(i), { computeMs: 1, ...(i.backend === 'cuda' ? { backend: 'cuda', deviceMs: 0.5 } : {}) });
  const native = {
    garchBatch: answer,
    arimaBatch: answer,
    baselineBatch: answer,
    garchParamNames: () => ['mu'],
    configure: () => {},
    info: () => ({ version: 'x', backends: ['cpu'], threads: 2 }),
    ...extra,
  } as unknown as NativeBinding;
  return { native, inputs };
}

describe('detectCuda', () => {
  it('an addon without cudaInfo was built without CUDA', () => {
    const info = detectCuda(fakeBinding().native);
    expect(info).toMatchObject({ compiled: false, available: false, devices: [] });
    expect(info.error).toMatch(/without CUDA/);
  });

  it('passes the devices of a CUDA build through', () => {
    const info = detectCuda(fakeBinding({ cudaInfo: () => ({ compiled: true, available: true, error: '', devices: [H100] }) }).native);
    expect(info).toEqual({ compiled: true, available: true, error: '', devices: [H100] });
  });

  it('a CUDA build on a machine whose driver is too old reports the error', () => {
    const error = 'cudaGetDeviceCount: CUDA driver version is insufficient for CUDA runtime version';
    expect(detectCuda(fakeBinding({ cudaInfo: () => ({ compiled: true, available: false, error, devices: [] }) }).native)).toEqual({ compiled: true, available: false, error, devices: [] });
  });

  it('available without devices, or a throwing probe, read as unavailable', () => {
    expect(detectCuda(fakeBinding({ cudaInfo: () => ({ compiled: true, available: true, error: '', devices: [] }) }).native)).toMatchObject({ available: false, error: 'no CUDA device found' });
    const thrown = detectCuda(fakeBinding({ cudaInfo: () => { throw new Error('boom'); } }).native);
    expect(thrown).toMatchObject({ compiled: true, available: false, error: 'cudaInfo failed: boom' });
  });

  it('the addon of this machine answers consistently (here: no driver, so unavailable with a reason)', () => {
    const info = detectCuda(loadNative());
    expect(info.available).toBe(info.devices.length > 0);
    expect(info.error === '').toBe(info.available);
  });
});

describe('device bindings', () => {
  it('cuda: garch and arima batches carry backend "cuda"; baselines stay on the CPU', async () => {
    const { native, inputs } = fakeBinding();
    const used = new Set<string>();
    const b = cudaDevice(native).bindingFor(used);
    await b.garchBatch({ values: 1 } as never);
    await b.arimaBatch({ values: 2 } as never);
    expect(inputs).toEqual([{ values: 1, backend: 'cuda' }, { values: 2, backend: 'cuda' }]);
    expect([...used]).toEqual(['cuda']);
    await b.baselineBatch({ values: 3 } as never);
    expect(inputs[2]).toEqual({ values: 3 }); // no backend option: the CPU kernel
    expect([...used].sort()).toEqual(['cpu', 'cuda']);
  });

  it('cuda-sim: the CPU kernels, unchanged input, reported as cuda-sim', async () => {
    const { native, inputs } = fakeBinding();
    const used = new Set<string>();
    await simulatedDevice(native).bindingFor(used).garchBatch({ values: 1 } as never);
    expect(inputs).toEqual([{ values: 1 }]);
    expect([...used]).toEqual(['cuda-sim']);
  });

  it('a CUDA rejection reaches the caller unchanged (the executor classifies it)', async () => {
    const { native } = fakeBinding({ garchBatch: async () => Promise.reject(new Error('cuda unavailable: no device')) });
    await expect(cudaDevice(native).bindingFor(new Set()).garchBatch({} as never)).rejects.toThrow(/^cuda unavailable: /);
  });
});
