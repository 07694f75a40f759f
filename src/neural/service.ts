/**
 * NeuralService: the main thread's handle on the worker that owns tfjs. It starts the worker once
 * (server start-up, or the first neural request in the CLI), tracks whether the model is warming
 * up, ready or failed, and forwards predict requests with their buffers transferred, not cloned.
 * A failure never throws out of start(): the statistical models keep serving and readiness reports
 * the neural model as degraded.
 */
import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { packageRoot } from '../core/paths.js';
import { readArtifactFiles } from './artifact.js';
import type { BackendCandidate } from './backend.js';
import type { PredictRequest, WorkerInit, WorkerMessage } from './protocol.js';
import type { HeadForecast } from './features.js';
import type { NetworkSpec } from './spec.js';

export interface NeuralServiceOptions {
  enabled: boolean;
  /** Artifact folder, absolute or relative to the package root. */
  artifact: string;
  backends: BackendCandidate[];
  batchBuckets: number[];
  /** Compiled worker; defaults to <package root>/dist/neural/worker.js. */
  workerFile?: string;
  warn?: (msg: string) => void;
}

export type NeuralState =
  | { kind: 'disabled' }
  | { kind: 'idle' }
  | { kind: 'loading' }
  | { kind: 'ready'; backend: string; version: string; weightsSha256: string; warmupMs: number; skipped: { candidate: string; reason: string }[] }
  | { kind: 'failed'; reason: string };

export class NeuralUnavailable extends Error {
  override name = 'NeuralUnavailable';
}

export interface NeuralPrediction extends HeadForecast {
  computeMs: number;
}

export class NeuralService {
  /** The network's shape from model.json, read at construction (null: unreadable or disabled). */
  readonly network: NetworkSpec | null;
  readonly version: string;
  #state: NeuralState;
  #worker: Worker | undefined;
  #started: Promise<void> | undefined;
  #nextId = 1;
  readonly #pending = new Map<number, { resolve: (p: NeuralPrediction) => void; reject: (e: Error) => void }>();
  readonly #dir: string;

  constructor(private readonly opts: NeuralServiceOptions) {
    this.#dir = isAbsolute(opts.artifact) ? opts.artifact : join(packageRoot(), opts.artifact);
    let network: NetworkSpec | null = null;
    let version = '';
    if (!opts.enabled) this.#state = { kind: 'disabled' };
    else {
      try {
        const { modelJson } = readArtifactFiles(this.#dir);
        network = modelJson.modelTopology.network;
        version = `${modelJson.modelTopology.name}@${modelJson.modelTopology.version}`;
        this.#state = { kind: 'idle' };
      } catch (err) {
        this.#state = { kind: 'failed', reason: (err as Error).message };
      }
    }
    this.network = network;
    this.version = version;
  }

  get state(): NeuralState {
    return this.#state;
  }

  /** Starts the worker and waits for warm-up; resolves (never rejects) once ready or failed. */
  start(): Promise<void> {
    if (this.#state.kind !== 'idle') return this.#started ?? Promise.resolve();
    this.#state = { kind: 'loading' };
    this.#started = new Promise<void>((done) => {
      const file = this.opts.workerFile ?? join(packageRoot(), 'dist', 'neural', 'worker.js');
      if (!existsSync(file)) {
        this.#fail(`${file} is missing (run npm run build)`);
        return done();
      }
      const workerData: WorkerInit = { artifactDir: this.#dir, backends: this.opts.backends, batchBuckets: this.opts.batchBuckets };
      const worker = new Worker(file, { workerData });
      this.#worker = worker;
      worker.on('message', (m: WorkerMessage) => {
        if (m.type === 'ready') {
          this.#state = { kind: 'ready', backend: m.backend, version: m.version, weightsSha256: m.weightsSha256, warmupMs: m.warmupMs, skipped: m.skipped };
          done();
        } else if (m.type === 'failed') {
          this.#fail(m.reason);
          void worker.terminate();
          done();
        } else if (m.type === 'warn') {
          this.opts.warn?.(m.message);
        } else {
          const p = this.#pending.get(m.id);
          this.#pending.delete(m.id);
          if (m.type === 'result') p?.resolve({ cumLogChangePct: m.cumLogChangePct, stepVariancePct2: m.stepVariancePct2, computeMs: m.computeMs });
          else p?.reject(new Error(`neural worker: ${m.message}`));
        }
      });
      worker.on('error', (err) => {
        this.#fail(`neural worker crashed: ${err.message}`);
        done();
      });
      worker.on('exit', (code) => {
        if (this.#state.kind === 'ready' || this.#state.kind === 'loading') this.#fail(`neural worker exited (code ${code})`);
        done();
      });
    });
    return this.#started;
  }

  #fail(reason: string): void {
    if (this.#state.kind !== 'failed') this.#state = { kind: 'failed', reason };
    this.opts.warn?.(`neural model unavailable: ${reason}`);
    for (const p of this.#pending.values()) p.reject(new NeuralUnavailable(reason));
    this.#pending.clear();
  }

  /** Readiness: the server is not ready while the model warms up. */
  notReadyReasons(): string[] {
    return this.#state.kind === 'loading' || this.#state.kind === 'idle' ? ['neural: warming up'] : [];
  }

  /** Degradation: the server serves, without the neural model. */
  degradedReasons(): string[] {
    return this.#state.kind === 'failed' ? [`neural: ${this.#state.reason}`] : [];
  }

  /** Forecasts of n windows (n × L returns in percent). Rejects with NeuralUnavailable when the model is not loaded. */
  async predict(windows: Float64Array, n: number): Promise<NeuralPrediction> {
    await this.start();
    const s = this.#state;
    if (s.kind !== 'ready') throw new NeuralUnavailable(s.kind === 'failed' ? s.reason : 'neural model is disabled (neural.enabled: false)');
    const id = this.#nextId++;
    return new Promise<NeuralPrediction>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      const req: PredictRequest = { type: 'predict', id, windows, n };
      this.#worker!.postMessage(req, [windows.buffer as ArrayBuffer]);
    });
  }

  async close(): Promise<void> {
    const w = this.#worker;
    this.#worker = undefined;
    if (this.#state.kind === 'ready' || this.#state.kind === 'loading') this.#state = { kind: 'failed', reason: 'closed' };
    for (const p of this.#pending.values()) p.reject(new NeuralUnavailable('closed'));
    this.#pending.clear();
    if (w) await w.terminate();
  }
}
