/** Splits "a,b" and repeated flags into one list. */
export function listArg(v: string | string[] | undefined): string[] {
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
}

export function numberArg(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new UsageError(`--${name}: not a number: ${v}`);
  return n;
}

export class UsageError extends Error {
  override name = 'UsageError';
}

/** Options shared by the commands that run a list of models from a CSV file (forecast, backtest). */
export const MODEL_LIST_OPTIONS = {
  input: { type: 'string' },
  model: { type: 'string', multiple: true },
  horizon: { type: 'string' },
  levels: { type: 'string' },
  period: { type: 'string' },
  lambda: { type: 'string' },
  members: { type: 'string' },
  weighting: { type: 'string' },
  json: { type: 'boolean', default: false },
  config: { type: 'string', multiple: true },
} as const;

/**
 * The fitted-state cache from the CLI (docs/cache.md): --cache-snapshot FILE loads the cache from
 * FILE and writes it back at exit, so successive runs over a growing CSV take the incremental path;
 * --cache refit|bypass is the GARCH-family ModelSpec.cache.
 */
export const CACHE_OPTIONS = {
  cache: { type: 'string' },
  'cache-snapshot': { type: 'string' },
} as const;

const CACHE_POLICIES = ['default', 'refit', 'bypass'];

export function cacheArgs(values: { cache?: string; 'cache-snapshot'?: string }) {
  if (values.cache !== undefined && !CACHE_POLICIES.includes(values.cache)) {
    throw new UsageError(`--cache: expected ${CACHE_POLICIES.join(', ')}, got ${values.cache}`);
  }
  const path = values['cache-snapshot'];
  return {
    policy: values.cache,
    overrides: path ? { cache: { enabled: true, snapshot: { path } } } : undefined,
  };
}

/** ModelSpec messages for --model NAME[,NAME] (default random_walk), each with the shared model flags. */
export function modelSpecs(values: { model?: string[]; period?: string; lambda?: string; members?: string; weighting?: string }, extra: object = {}) {
  const names = listArg(values.model);
  return (names.length ? names : ['random_walk']).map((name) => ({
    name,
    period: numberArg('period', values.period),
    lambda: numberArg('lambda', values.lambda),
    members: listArg(values.members),
    weighting: values.weighting,
    ...extra,
  }));
}
