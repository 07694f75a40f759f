import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

const LATENCY_BUCKETS_S = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** Batcher waits and kernel calls run from tens of microseconds up. */
const QUEUE_BUCKETS_S = [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Every Prometheus series the service exports, on one registry per server instance. */
export class Metrics {
  readonly registry = new Registry();
  readonly requests = new Counter({
    name: 'tensorcast_requests_total',
    help: 'RPC calls by method and final gRPC status code name',
    labelNames: ['method', 'code'] as const,
    registers: [this.registry],
  });
  readonly requestSeconds = new Histogram({
    name: 'tensorcast_request_duration_seconds',
    help: 'End-to-end RPC latency by method',
    labelNames: ['method'] as const,
    buckets: LATENCY_BUCKETS_S,
    registers: [this.registry],
  });
  readonly stageSeconds = new Histogram({
    name: 'tensorcast_stage_duration_seconds',
    help: 'Time per pipeline stage (decode, preprocess, queue, compute, encode)',
    labelNames: ['stage'] as const,
    buckets: LATENCY_BUCKETS_S,
    registers: [this.registry],
  });
  readonly tickers = new Counter({
    name: 'tensorcast_ticker_forecasts_total',
    help: 'Per-ticker forecasts by model, status and backend',
    labelNames: ['model', 'status', 'backend'] as const,
    registers: [this.registry],
  });
  readonly batchSeries = new Histogram({
    name: 'tensorcast_batch_series',
    help: 'Series per native kernel call, by model',
    labelNames: ['model'] as const,
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192],
    registers: [this.registry],
  });
  readonly batchExecutions = new Counter({
    name: 'tensorcast_batch_executions_total',
    help: 'Executor (native kernel) calls made by the dynamic batcher, by model',
    labelNames: ['model'] as const,
    registers: [this.registry],
  });
  readonly batchQueueSeconds = new Histogram({
    name: 'tensorcast_batch_queue_seconds',
    help: 'Time a piece of request work waited in the batcher queue before its batch was sent, by model',
    labelNames: ['model'] as const,
    buckets: QUEUE_BUCKETS_S,
    registers: [this.registry],
  });
  readonly batchComputeSeconds = new Histogram({
    name: 'tensorcast_batch_compute_seconds',
    help: 'Kernel time per batch sent by the batcher, by model',
    labelNames: ['model'] as const,
    buckets: QUEUE_BUCKETS_S,
    registers: [this.registry],
  });
  readonly batchEndToEndSeconds = new Histogram({
    name: 'tensorcast_batch_end_to_end_seconds',
    help: 'From submission to the batcher until a request\'s model work settled, by model',
    labelNames: ['model'] as const,
    buckets: QUEUE_BUCKETS_S,
    registers: [this.registry],
  });
  readonly batchRejections = new Counter({
    name: 'tensorcast_batch_rejections_total',
    help: 'Model work refused or dropped by the batcher, by model and reason (queue_series, queue_bytes, deadline_queued, deadline_before_execution, cancelled)',
    labelNames: ['model', 'reason'] as const,
    registers: [this.registry],
  });
  readonly batchPendingJobs = new Gauge({
    name: 'tensorcast_batch_pending_jobs',
    help: 'Request model work submitted to the batcher and not yet settled (queued or running), by model',
    labelNames: ['model'] as const,
    registers: [this.registry],
  });
  readonly batchBackend = new Counter({
    name: 'tensorcast_batch_backend_total',
    help: 'Batches run by the batcher, by model and the backend(s) that computed them (cpu, cuda, cuda-sim, or e.g. "cpu,cuda" when a GPU batch used a CPU-only kernel); a GPU batch re-run on the CPU counts as cpu',
    labelNames: ['model', 'backend'] as const,
    registers: [this.registry],
  });
  readonly gpuFailures = new Counter({
    name: 'tensorcast_gpu_failures_total',
    help: 'GPU batches that failed and were re-run on the CPU, by model and kind (timeout, oom, cuda_error, unavailable, error)',
    labelNames: ['model', 'kind'] as const,
    registers: [this.registry],
  });
  readonly gpuLateResults = new Counter({
    name: 'tensorcast_gpu_late_results_discarded_total',
    help: 'Timed-out GPU batches whose device call finished after the CPU re-run had answered (the late result is discarded), by model',
    labelNames: ['model'] as const,
    registers: [this.registry],
  });
  readonly gpuBreakerState = new Gauge({
    name: 'tensorcast_gpu_breaker_state',
    help: 'GPU circuit breaker: 1 for the current state (closed, open, half_open), 0 for the others; absent without a GPU executor',
    labelNames: ['state'] as const,
    registers: [this.registry],
  });
  readonly gpuBreakerTransitions = new Counter({
    name: 'tensorcast_gpu_breaker_transitions_total',
    help: 'GPU circuit breaker transitions, by from and to state',
    labelNames: ['from', 'to'] as const,
    registers: [this.registry],
  });
  readonly cudaInfo = new Gauge({
    name: 'tensorcast_cuda_info',
    help: 'Always 1; labels: CUDA compiled into the addon, available at start-up, the detection error, whether a GPU executor runs and whether it is the simulated testing device',
    labelNames: ['compiled', 'available', 'error', 'executor', 'simulated'] as const,
    registers: [this.registry],
  });
  readonly gpuDeviceMemoryBytes = new Gauge({
    name: 'tensorcast_gpu_device_memory_bytes',
    help: 'Total memory of each CUDA device found at start-up; labels name it and its compute capability',
    labelNames: ['index', 'name', 'compute_capability', 'multiprocessors'] as const,
    registers: [this.registry],
  });
  readonly faultsContained = new Counter({
    name: 'tensorcast_faults_contained_total',
    help: 'Faults contained instead of failing calls: worker_crash, compute_unavailable, kernel_error (docs/reliability.md)',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });
  readonly inFlight = new Gauge({
    name: 'tensorcast_in_flight_requests',
    help: 'RPC calls being processed',
    registers: [this.registry],
  });

  constructor(collectProcessMetrics = true) {
    if (collectProcessMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'tensorcast_' });
  }
}
