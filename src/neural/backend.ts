/**
 * Which tfjs backend runs the network. The tfjs-node packages are never dependencies (their install
 * downloads libtensorflow, which cannot be reached here): each candidate is imported dynamically,
 * in the configured order, and the first that loads and initialises wins. The package loader is
 * injected so tests can make any of them missing.
 */
import type { Tf } from './network.js';

export const BACKEND_CANDIDATES = ['tfjs-node-gpu', 'tfjs-node', 'wasm', 'cpu'] as const;
export type BackendCandidate = (typeof BACKEND_CANDIDATES)[number];

/** The npm package that registers each candidate, and the tfjs backend name it registers. */
const PACKAGES: Record<BackendCandidate, { pkg: string; tfName: string }> = {
  'tfjs-node-gpu': { pkg: '@tensorflow/tfjs-node-gpu', tfName: 'tensorflow' },
  'tfjs-node': { pkg: '@tensorflow/tfjs-node', tfName: 'tensorflow' },
  wasm: { pkg: '@tensorflow/tfjs-backend-wasm', tfName: 'wasm' },
  cpu: { pkg: '@tensorflow/tfjs-backend-cpu', tfName: 'cpu' },
};

export type PackageLoader = (pkg: string) => Promise<unknown>;

export const importPackage: PackageLoader = (pkg) => import(pkg);

export interface BackendChoice {
  /** The candidate in use, e.g. 'wasm'. */
  candidate: BackendCandidate;
  /** What GetCapabilities and responses report, e.g. 'tfjs-wasm-simd'. */
  label: string;
  /** Candidates tried before it and why each failed. */
  skipped: { candidate: BackendCandidate; reason: string }[];
}

export class NoBackendError extends Error {
  override name = 'NoBackendError';
}

async function label(tf: Tf, candidate: BackendCandidate): Promise<string> {
  if (candidate !== 'wasm') return `tfjs-${candidate.replace(/^tfjs-/, '')}`;
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  return simd ? 'tfjs-wasm-simd' : 'tfjs-wasm';
}

/**
 * Tries `order` in turn; `warn` is called once per candidate that fails (a missing optional
 * package is logged, not thrown). Throws NoBackendError when none works.
 */
export async function selectBackend(tf: Tf, order: readonly BackendCandidate[], load: PackageLoader, warn: (msg: string) => void): Promise<BackendChoice> {
  const skipped: BackendChoice['skipped'] = [];
  for (const candidate of order) {
    const { pkg, tfName } = PACKAGES[candidate];
    try {
      await load(pkg);
      if (!(await tf.setBackend(tfName))) throw new Error(`tf.setBackend('${tfName}') returned false`);
      await tf.ready();
      return { candidate, label: await label(tf, candidate), skipped };
    } catch (err) {
      const reason = `${pkg}: ${(err as Error).message?.split('\n')[0] ?? String(err)}`;
      skipped.push({ candidate, reason });
      warn(`neural backend ${candidate} unavailable (${reason}); trying the next`);
    }
  }
  throw new NoBackendError(`no tfjs backend could be loaded: ${skipped.map((s) => s.reason).join('; ')}`);
}
