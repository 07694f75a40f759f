/**
 * The CUDA side of the native addon as the service sees it: device detection at start-up and a
 * binding whose batch entry points run on the device. The addon's own declarations live in
 * src/native/binding.ts; this file only adapts to them, feature-detecting `cudaInfo` so that an
 * addon built without it reads as "CUDA not compiled in".
 */
import type { NativeBinding } from '../native/binding.js';

export interface CudaDevice {
  index: number;
  name: string;
  totalMemoryBytes: number;
  /** "major.minor", e.g. "9.0". */
  computeCapability: string;
  multiprocessors: number;
}

export interface CudaInfo {
  /** The addon was built with nvcc. */
  compiled: boolean;
  /** compiled, a driver answered, and at least one device was found. */
  available: boolean;
  /** Why CUDA is unavailable ("driver version is insufficient ..."); empty when available. */
  error: string;
  devices: CudaDevice[];
}

/** Backend names as they appear in responses (`backend`) and metric labels. */
export type Backend = 'cpu' | 'cuda' | 'cuda-sim';

/** The native contract's extra batch option and result fields (absent from an addon without CUDA). */
type DeviceInput<T> = T & { backend?: 'cpu' | 'cuda' };
type DeviceOutput<T> = T & { backend?: string; deviceMs?: number };

interface CudaCapable {
  cudaInfo?: () => CudaInfo;
}

const NOT_COMPILED: CudaInfo = { compiled: false, available: false, error: 'the native addon was built without CUDA support (it has no cudaInfo)', devices: [] };

/** Asks the addon which devices it sees; never throws (a throwing probe reads as unavailable). */
export function detectCuda(native: NativeBinding): CudaInfo {
  const probe = (native as NativeBinding & CudaCapable).cudaInfo;
  if (typeof probe !== 'function') return NOT_COMPILED;
  try {
    const info = probe.call(native);
    const devices = Array.isArray(info.devices) ? info.devices : [];
    return {
      compiled: Boolean(info.compiled),
      available: Boolean(info.available) && devices.length > 0,
      error: info.available && devices.length === 0 ? 'no CUDA device found' : String(info.error ?? ''),
      devices,
    };
  } catch (err) {
    return { compiled: true, available: false, error: `cudaInfo failed: ${(err as Error).message}`, devices: [] };
  }
}

/**
 * Where a GPU executor's batch kernels run: on the device (`cuda`), or — gpu.simulateDevice, a
 * testing aid — on the CPU kernels while being treated as a device (`cuda-sim`).
 */
export interface GpuDevice {
  readonly backend: Exclude<Backend, 'cpu'>;
  /**
   * A binding for one batch: garchBatch and arimaBatch go to the device; everything else (the
   * baselines, e.g. the EWMA end of the GARCH fallback chain) stays on the CPU. `used` collects the
   * backends the batch's calls actually ran on.
   */
  bindingFor(used: Set<string>): NativeBinding;
}

function deviceBinding(cpu: NativeBinding, used: Set<string>, backend: GpuDevice['backend'], input: <T>(i: T) => T): NativeBinding {
  const onDevice =
    <I, O>(call: (i: I) => Promise<O>) =>
    async (i: I): Promise<O> => {
      const out = (await call.call(cpu, input(i))) as DeviceOutput<O>;
      used.add(out.backend && backend === 'cuda' ? out.backend : backend);
      return out;
    };
  return {
    garchBatch: onDevice(cpu.garchBatch),
    arimaBatch: onDevice(cpu.arimaBatch),
    garchParamNames: (spec) => cpu.garchParamNames(spec),
    // One filter pass per series: forecasts from cached fits stay on the CPU, like the baselines.
    garchAdvance: async (i) => {
      const out = await cpu.garchAdvance(i);
      used.add('cpu');
      return out;
    },
    arimaForecast: async (i) => {
      const out = await cpu.arimaForecast(i);
      used.add('cpu');
      return out;
    },
    baselineBatch: async (i) => {
      const out = await cpu.baselineBatch(i);
      used.add('cpu');
      return out;
    },
    configure: (o) => cpu.configure(o),
    info: () => cpu.info(),
  };
}

/** The addon's CUDA backend: batch calls carry backend 'cuda' (the native contract). */
export function cudaDevice(cpu: NativeBinding): GpuDevice {
  return {
    backend: 'cuda',
    bindingFor: (used) => deviceBinding(cpu, used, 'cuda', <T>(i: T) => ({ ...i, backend: 'cuda' }) as DeviceInput<T>),
  };
}

/** gpu.simulateDevice: the CPU kernels, reported as `cuda-sim`. Never a default; a testing aid. */
export function simulatedDevice(cpu: NativeBinding): GpuDevice {
  return { backend: 'cuda-sim', bindingFor: (used) => deviceBinding(cpu, used, 'cuda-sim', <T>(i: T) => i) };
}
