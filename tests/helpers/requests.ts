/**
 * Random ForecastRequests for fuzzing, shaped as @grpc/proto-loader decodes them (camelCase, every
 * field present with its proto default, enums as names) but with adversarial values: non-finite
 * and non-positive prices, int64 timestamps out of order or beyond 2^53, unknown models and enum
 * names, out-of-range orders and levels. The same objects go through the validator (unit) and
 * through the wire (the client encodes them; protobufjs coerces numbers to the field types).
 */
import fc from 'fast-check';

const price = fc.oneof(
  { weight: 10, arbitrary: fc.double({ min: 1, max: 500, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(NaN, Infinity, -Infinity, 0, -1, 1e308, 5e-324, -0) },
);
const ret = fc.oneof(
  { weight: 10, arbitrary: fc.double({ min: -10, max: 10, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(NaN, Infinity, 1e300) },
);
const timestamp = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0, max: 400 }).map((d) => 1_600_000_000_000 + d * 86_400_000) },
  { weight: 1, arbitrary: fc.constantFrom(0, -1, 2 ** 53 + 2, -(2 ** 62), 9_007_199_254_740_991) },
);

/** One Series: closes (with optional OHLV), or returns, or junk; 0..80 rows, timestamps or none. */
const series = fc
  .record({
    ticker: fc.oneof({ weight: 6, arbitrary: fc.constantFrom('A', 'B', 'C', 'AAPL') }, { weight: 1, arbitrary: fc.string({ maxLength: 12 }) }),
    n: fc.integer({ min: 0, max: 80 }),
    kind: fc.constantFrom('close', 'close', 'close', 'close', 'ret', 'ohlcv', 'both', 'none'),
    times: fc.constantFrom('sorted', 'sorted', 'sorted', 'shuffled', 'none', 'none', 'short'),
    seedPrices: fc.array(price, { minLength: 80, maxLength: 80 }),
    seedReturns: fc.array(ret, { minLength: 80, maxLength: 80 }),
    seedTimes: fc.array(timestamp, { minLength: 80, maxLength: 80 }),
    dirty: fc.integer({ min: 0, max: 3 }).map((k) => k === 0),
  })
  .map(({ ticker, n, kind, times, seedPrices, seedReturns, seedTimes, dirty }) => {
    // A random walk from the drawn prices keeps most series realistic enough to fit; only a
    // "dirty" series (one in four) keeps its non-finite and non-positive values.
    let p = 100;
    const close = seedPrices.slice(0, n).map((x) => (Number.isFinite(x) && x > 0 ? (p *= 1 + (x - 250) / 5000) : dirty ? x : p));
    if (!dirty) seedReturns = seedReturns.map((r) => (Number.isFinite(r) && Math.abs(r) < 50 ? r : 0.1));
    const ts = times === 'none' ? [] : times === 'short' ? seedTimes.slice(0, Math.max(0, n - 1)) : seedTimes.slice(0, n);
    if (times === 'sorted') ts.sort((a, b) => a - b);
    const empty: number[] = [];
    return {
      ticker,
      timestampsMs: ts,
      open: kind === 'ohlcv' ? close : empty,
      high: kind === 'ohlcv' ? close.map((c) => c * 1.01) : empty,
      low: kind === 'ohlcv' ? close.map((c) => c * 0.99) : empty,
      close: kind === 'close' || kind === 'ohlcv' || kind === 'both' ? close : empty,
      volume: kind === 'ohlcv' ? close.map(() => 1000) : empty,
      ret: kind === 'ret' || kind === 'both' ? seedReturns.slice(0, n) : empty,
    };
  });

/** A ModelSpec: cheap models often, option values both valid and not; unknown names sometimes. */
const modelSpec = fc
  .record({
    name: fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom('random_walk', 'drift', 'ewma', 'garch', 'gjr', 'arima') },
      { weight: 1, arbitrary: fc.constantFrom('seasonal_naive', 'ensemble', 'aparch', 'egarch', 'nope', '', 'GARCH') },
    ),
    period: fc.oneof(fc.constant(0), fc.integer({ min: -3, max: 30 })),
    lambda: fc.oneof(fc.constant(0), fc.double({ min: -1, max: 2, noNaN: false })),
    p: fc.integer({ min: -1, max: 3 }),
    q: fc.integer({ min: -1, max: 3 }),
    o: fc.integer({ min: 0, max: 3 }),
    mean: fc.constantFrom('', 'zero', 'constant', 'arma', 'bogus'),
    ar: fc.integer({ min: -1, max: 3 }),
    ma: fc.integer({ min: -1, max: 3 }),
    dist: fc.constantFrom('', 'normal', 't', 'sstd', 'ged', 'cauchy'),
    delta: fc.oneof(fc.constant(0), fc.double({ min: -1, max: 5, noNaN: true })),
    init: fc.constantFrom('', 'fgarch', 'sample', 'backcast', 'x'),
    select: fc.constantFrom('', 'aic', 'bic', 'hqic'),
    noFallback: fc.boolean(),
    maxPersistence: fc.oneof(fc.constant(0), fc.double({ min: -1, max: 2, noNaN: false })),
    varLevels: fc.array(fc.double({ min: -0.5, max: 1.5, noNaN: false }), { maxLength: 3 }),
    seed: fc.nat(),
    // Simulation cost is horizon x paths per ticker: kept small so the fuzz stays quick.
    paths: fc.oneof(fc.constant(0), fc.integer({ min: -5, max: 300 })),
    order: fc.array(fc.integer({ min: -1, max: 4 }), { maxLength: 4 }),
    seasonalOrder: fc.array(fc.integer({ min: -1, max: 2 }), { maxLength: 4 }),
    auto: fc.boolean(),
    ic: fc.constantFrom('', 'aicc', 'aic', 'bic', 'x'),
    transform: fc.constantFrom('', 'none', 'log', 'returns', 'sqrt'),
    maxOrder: fc.array(fc.integer({ min: -1, max: 4 }), { maxLength: 4 }),
    noConstant: fc.boolean(),
    members: fc.array(fc.constantFrom('random_walk', 'drift', 'ewma', 'garch', 'nope', 'ensemble'), { maxLength: 4 }),
    weighting: fc.constantFrom('', 'inverse_mse', 'cls', 'x'),
    origins: fc.oneof(fc.constant(0), fc.integer({ min: -1, max: 6 })),
    gateRatio: fc.oneof(fc.constant(0), fc.double({ min: -1, max: 3, noNaN: false })),
  })
  // Most specs leave most options at their proto default: keep only a few of the drawn fields.
  .chain((spec) =>
    fc.subarray(Object.keys(spec).filter((k) => k !== 'name'), { maxLength: 2 }).map((keep) => {
      const defaults: Record<string, unknown> = {
        period: 0, lambda: 0, p: 0, q: 0, o: 0, mean: '', ar: 0, ma: 0, dist: '', delta: 0, init: '', select: '', noFallback: false,
        maxPersistence: 0, varLevels: [], seed: 0, paths: 0, order: [], seasonalOrder: [], auto: false, ic: '', transform: '',
        maxOrder: [], noConstant: false, members: [], weighting: '', origins: 0, gateRatio: 0,
      };
      for (const k of keep) defaults[k] = (spec as Record<string, unknown>)[k];
      return { name: spec.name, ...defaults };
    }),
  );

const enumName = <T extends string>(names: T[]) => fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...names) }, { weight: 1, arbitrary: fc.constantFrom('BOGUS', '') });

export const forecastRequest = fc.record({
  requestId: fc.oneof({ weight: 10, arbitrary: fc.string({ maxLength: 10 }) }, { weight: 1, arbitrary: fc.constant('x'.repeat(129)) }),
  series: fc.oneof({ weight: 8, arbitrary: fc.array(series, { minLength: 1, maxLength: 4 }) }, { weight: 1, arbitrary: fc.constant([]) }),
  arrowIpc: fc.oneof({ weight: 12, arbitrary: fc.constant(new Uint8Array(0)) }, { weight: 1, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 64 }) }),
  models: fc.oneof({ weight: 8, arbitrary: fc.array(modelSpec, { minLength: 1, maxLength: 2 }) }, { weight: 1, arbitrary: fc.array(modelSpec, { maxLength: 9 }) }),
  horizonBars: fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 1, max: 12 }) }, { weight: 1, arbitrary: fc.constantFrom(0, -1, 1000, 1001, 2 ** 31 - 1) }),
  levels: fc.oneof(
    { weight: 4, arbitrary: fc.constant([]) },
    { weight: 1, arbitrary: fc.array(fc.oneof(fc.constantFrom(0.8, 0.95, 0.5), fc.double({ min: -1, max: 2, noNaN: false })), { maxLength: 4 }) },
  ),
  preprocess: fc.oneof(
    fc.constant(null),
    fc.record({
      missingPolicy: enumName(['MISSING_POLICY_UNSPECIFIED', 'MISSING_REJECT', 'MISSING_DROP', 'MISSING_FFILL']),
      orderPolicy: enumName(['ORDER_POLICY_UNSPECIFIED', 'ORDER_SORT', 'ORDER_REJECT']),
      duplicatePolicy: enumName(['DUPLICATE_POLICY_UNSPECIFIED', 'DUPLICATE_KEEP_LAST', 'DUPLICATE_REJECT']),
      returns: enumName(['RETURNS_KIND_UNSPECIFIED', 'RETURNS_LOG_PCT', 'RETURNS_SIMPLE_PCT']),
    }),
  ),
  priority: enumName(['PRIORITY_INTERACTIVE', 'PRIORITY_BULK']),
});

export type FuzzRequest = typeof forecastRequest extends fc.Arbitrary<infer T> ? T : never;

/** Every number a TickerForecast carries, for the "finite, never NaN" check. */
export function numbersOf(f: Record<string, any>): number[] {
  return [
    ...f.mean,
    ...f.variance,
    ...f.intervals.flatMap((i: any) => [i.level, ...i.lower, ...i.upper]),
    ...Object.values(f.params ?? {}),
    ...Object.values(f.stderr ?? {}),
    ...Object.values(f.stderrRobust ?? {}),
    ...(f.risk ?? []).flatMap((r: any) => [r.level, r.valueAtRisk, r.expectedShortfall]),
    ...Object.values(f.fit ?? {}).filter((v): v is number => typeof v === 'number'),
    ...(f.fit?.order ?? []),
    ...(f.ensemble?.members ?? []).flatMap((m: any) => [m.weight, m.backtestWeight, m.rmse]),
    ...(f.ensemble ? [f.ensemble.rmse, f.ensemble.rmseRatioToBest] : []),
  ] as number[];
}

/**
 * The same requests with the top-level fields made valid (one encoding, a horizon in range, the
 * default levels), so that the random series and model options reach preprocessing and the models.
 */
export const computeRequest = fc.tuple(forecastRequest, fc.integer({ min: 1, max: 12 })).map(([r, horizonBars]) => ({
  ...r,
  requestId: 'fuzz',
  arrowIpc: new Uint8Array(0),
  horizonBars,
  levels: [],
  series: r.series.length > 0 ? r.series : [{ ticker: 'A', timestampsMs: [], open: [], high: [], low: [], close: [100, 101, 102, 101, 103], volume: [], ret: [] }],
}));
