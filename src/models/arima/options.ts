import { z } from 'zod';
import { ARIMA_ICS, ARIMA_LIMITS, type ArimaAutoInput, type ArimaSpecInput } from '../../native/arima.js';

export const ARIMA_TRANSFORMS = ['none', 'log', 'returns'] as const;
export type ArimaTransform = (typeof ARIMA_TRANSFORMS)[number];

/** forecast::auto.arima bounds of issue 5 (auto.arima's own defaults are 5, 2, 5). */
export const ARIMA_DEFAULT_MAX_ORDER = [3, 1, 2] as const;

const L = ARIMA_LIMITS;
const inRange = (field: string, lo: number, hi: number) =>
  z.number().int(`${field} must be an integer`).min(lo, `${field} must be in ${lo}..${hi}`).max(hi, `${field} must be in ${lo}..${hi}`);
const triple = (field: string, names: [string, string, string], hi: [number, number, number]) =>
  z.tuple([inRange(`${field}[0] (${names[0]})`, 0, hi[0]), inRange(`${field}[1] (${names[1]})`, 0, hi[1]), inRange(`${field}[2] (${names[2]})`, 0, hi[2])], {
    error: `${field} must be [${names.join(', ')}]`,
  });

/**
 * The ModelSpec fields arima reads. Fields left at their proto default (0, "", false, []) arrive
 * absent. `order` fits fixed orders; `auto` (or neither) runs the stepwise search.
 */
export const arimaFieldsSchema = z
  .object({
    order: triple('order', ['p', 'd', 'q'], [L.maxP, L.maxD, L.maxQ]).optional(),
    seasonalOrder: triple('seasonal_order', ['P', 'D', 'Q'], [L.maxSeasonalP, L.maxSeasonalD, L.maxSeasonalQ]).optional(),
    period: inRange('period', 1, L.maxPeriod).optional(),
    auto: z.boolean().default(false),
    ic: z.enum(ARIMA_ICS, { error: 'ic must be one of aicc, aic, bic' }).optional(),
    transform: z.enum(ARIMA_TRANSFORMS, { error: 'transform must be one of none, log, returns' }).default('none'),
    maxOrder: triple('max_order', ['max p', 'max d', 'max q'], [L.maxP, L.maxD, L.maxQ]).optional(),
    noConstant: z.boolean().default(false),
    // the fitted-state cache (docs/cache.md), as for the GARCH family
    cache: z.enum(['default', 'refit', 'bypass', 'origins']).default('default'),
  })
  .superRefine((o, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (o.order && o.auto) issue('order', 'give either order (fixed orders) or auto, not both');
    const automatic = o.auto || !o.order;
    if (!automatic && o.ic) issue('ic', 'ic chooses among candidate models: it applies with auto only');
    if (!automatic && o.maxOrder) issue('max_order', 'max_order bounds the search: it applies with auto only');
    const period = o.period ?? 1;
    const seasonal = o.seasonalOrder !== undefined && o.seasonalOrder.some((x) => x > 0);
    if (seasonal && period < 2) issue('period', `a seasonal order needs period in 2..${L.maxPeriod}`);
    if (!seasonal && !automatic && period > 1) issue('period', 'period applies with seasonal_order (or auto) only');
  })
  .transform((o): ArimaOptions => {
    const [p, d, q] = o.order ?? [0, 0, 0];
    const [P, D, Q] = o.seasonalOrder ?? [0, 0, 0];
    const period = o.period ?? 1;
    const spec: ArimaSpecInput = { p, d, q, seasonalP: P, seasonalD: D, seasonalQ: Q, period, constant: !o.noConstant };
    const automatic = o.auto || !o.order;
    const [maxP, maxD, maxQ] = o.maxOrder ?? ARIMA_DEFAULT_MAX_ORDER;
    // a seasonal search when a period is given: P, Q <= the given seasonal order (default 1)
    const seasonalSearch = automatic && period > 1;
    const auto: ArimaAutoInput | null = automatic
      ? {
          maxP,
          maxD,
          maxQ,
          maxSeasonalP: seasonalSearch ? (o.seasonalOrder ? P : L.maxSeasonalP) : 0,
          maxSeasonalQ: seasonalSearch ? (o.seasonalOrder ? Q : L.maxSeasonalQ) : 0,
          // a given seasonal_order fixes D; otherwise the OCSB test chooses it
          chooseSeasonalD: seasonalSearch && !o.seasonalOrder,
          ic: o.ic ?? 'aicc',
        }
      : null;
    return { spec, auto, transform: o.transform, cache: o.cache };
  });

export interface ArimaOptions {
  /** Fixed orders (ignored by the search except period, constant and a given seasonalD). */
  spec: ArimaSpecInput;
  /** null: fit spec as given. */
  auto: ArimaAutoInput | null;
  transform: ArimaTransform;
  cache: 'default' | 'refit' | 'bypass' | 'origins';
}

/**
 * Fewest points of the modelled series the kernel accepts: after d + D·S differences, at least
 * max(p + S·P, k + 1) + 2 remain (k coefficients plus sigma2). For a search: the (0, maxD, 0) model.
 */
export function arimaMinPoints(o: ArimaOptions): number {
  const s = o.spec;
  const S = s.seasonalP + s.seasonalD + s.seasonalQ > 0 || (o.auto && s.period > 1) ? s.period : 1;
  if (o.auto) return o.auto.maxD + s.seasonalD * S + 4;
  const lost = s.d + s.seasonalD * S;
  const k = s.p + s.q + s.seasonalP + s.seasonalQ + (s.constant && s.d + s.seasonalD <= 1 ? 1 : 0);
  return lost + Math.max(s.p + S * s.seasonalP, k + 1) + 2;
}

/** "arima(1,0,1)", "arima(0,1,1)(0,1,1)[12]", "arima(auto)". */
export function arimaLabel(o: { p: number; d: number; q: number; seasonalP: number; seasonalD: number; seasonalQ: number; period: number }): string {
  const seasonal = o.seasonalP + o.seasonalD + o.seasonalQ > 0 ? `(${o.seasonalP},${o.seasonalD},${o.seasonalQ})[${o.period}]` : '';
  return `arima(${o.p},${o.d},${o.q})${seasonal}`;
}
