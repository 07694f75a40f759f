import { parseArgs } from 'node:util';
import { loadConfig } from '../config/load.js';
import { createLogger } from '../obs/logger.js';
import { Runtime } from '../service/runtime.js';
import { gpuStatus } from '../service/gpu.js';

/** `tensorcast devices`: what CUDA detection finds and how batches would be routed (GetCapabilities.gpu). */
export async function devicesCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, strict: true, options: { json: { type: 'boolean', default: false }, config: { type: 'string', multiple: true } } });
  const cfg = loadConfig({ files: values.config });
  // Detection is logged by the runtime; here it is the output, so the log stays quiet.
  const runtime = new Runtime(cfg, createLogger('silent'));
  try {
    const s = gpuStatus(runtime.gpu, cfg);
    if (values.json) {
      console.log(JSON.stringify(s));
      return 0;
    }
    console.log(`CUDA compiled in: ${s.cudaCompiled ? 'yes' : 'no'}; available: ${s.cudaAvailable ? 'yes' : 'no'}${s.detectionError ? ` (${s.detectionError})` : ''}`);
    for (const d of s.devices) {
      console.log(`  device ${d.index}: ${d.name}, ${(d.totalMemoryBytes / 2 ** 30).toFixed(1)} GiB, compute capability ${d.computeCapability}, ${d.multiprocessors} SMs`);
    }
    if (s.executor === 'none') {
      console.log('GPU executor: none — every batch runs on the CPU kernels');
    } else {
      console.log(`GPU executor: ${s.executor}${s.simulatedDevice ? ' (gpu.simulateDevice: TESTING AID, runs on the CPU kernels)' : ''}`);
      console.log(`  batches of >= ${s.minBatchSeries} series of ${s.gpuModels.join(', ')}; ${s.maxInFlightBatches} streams; breaker ${s.breakerState}; fault injection ${s.faultInjection}`);
    }
    return 0;
  } finally {
    await runtime.close();
  }
}
