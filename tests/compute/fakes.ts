import type { GpuDevice } from '../../src/compute/gpu_device.js';
import { GpuExecutor, type GpuObserver } from '../../src/compute/gpu_executor.js';
import { CpuExecutor } from '../../src/compute/executor.js';
import type { FaultConfig } from '../../src/compute/faults.js';
import type { NativeBinding } from '../../src/native/binding.js';
import { createLogger } from '../../src/obs/logger.js';
import { ControlledModel } from '../batching/fakes.js';

/** A "device" for the executor tests: a run sees `kernels` set, so the fake model can tell it was on the GPU. */
export const FAKE_DEVICE: GpuDevice = {
  backend: 'cuda-sim',
  bindingFor(used) {
    used.add('cuda-sim');
    return {} as NativeBinding;
  },
};

/** A ControlledModel that remembers, per call, whether it ran through the device binding. */
export class DeviceAwareModel extends ControlledModel {
  readonly onDevice: boolean[] = [];
  override run(r: Parameters<ControlledModel['run']>[0]) {
    this.onDevice.push(r.kernels !== undefined);
    return super.run(r);
  }
}

export const NO_FAULTS: FaultConfig = { mode: 'none', everyN: 1, probability: 1, seed: 1, maxFaults: null };

export function recordingObserver() {
  const seen = { failed: [] as string[], late: 0, states: [] as string[] };
  const observer: GpuObserver = {
    failed: (_m, kind) => seen.failed.push(kind),
    lateResultDiscarded: () => seen.late++,
    breakerState: (s) => seen.states.push(s),
    breakerTransition: () => {},
  };
  return { seen, observer };
}

export function gpuExecutor(o: { faults?: Partial<FaultConfig>; batchTimeoutMs?: number; trip?: number; coolDownMs?: number; clock?: { ms: number } } = {}) {
  const clock = o.clock ?? { ms: 0 };
  const executor = new GpuExecutor({
    device: FAKE_DEVICE,
    cpu: new CpuExecutor(),
    batchTimeoutMs: o.batchTimeoutMs ?? 1000,
    tripAfterConsecutiveFailures: o.trip ?? 3,
    tripFailureRate: 1,
    failureRateWindowBatches: 100,
    coolDownMs: o.coolDownMs ?? 5000,
    faultInjection: { ...NO_FAULTS, ...o.faults },
    log: createLogger('silent'),
    nowMs: () => clock.ms,
  });
  const { seen, observer } = recordingObserver();
  executor.observe(observer);
  return { executor, seen, clock };
}
