import { z } from 'zod';
import { GARCH_DISTS, GARCH_INITS, GARCH_MEANS, type GarchVol } from '../../native/garch.js';

export interface GarchDefaults {
  maxPersistence: number;
  varLevels: number[];
  seed: number;
  simulationPaths: number;
}

const order = (name: string) => z.number().int().min(1, `${name} must be 1 or 2`).max(2, `${name} must be 1 or 2`);

/**
 * The ModelSpec fields a GARCH-family model reads, with their defaults. Fields left at their proto
 * default (0, "", false, []) arrive absent and take these defaults.
 */
export function garchOptionsSchema(vol: GarchVol, d: GarchDefaults) {
  return z
    .object({
      p: order('p').default(1),
      q: order('q').default(1),
      o: order('o').default(1),
      mean: z.enum(GARCH_MEANS).default('constant'),
      ar: z.number().int().min(0).max(2, 'ar must be 0..2').default(0),
      ma: z.number().int().min(0).max(2, 'ma must be 0..2').default(0),
      // fGarch calls the Student-t "std"; both names are accepted.
      dist: z
        .enum([...GARCH_DISTS, 'std'])
        .default('normal')
        .transform((x) => (x === 'std' ? 't' : x) as (typeof GARCH_DISTS)[number]),
      delta: z.number().gt(0, 'delta must be > 0').max(10, 'delta must be <= 10').optional(),
      init: z.enum(GARCH_INITS).default('fgarch'),
      select: z.enum(['aic', 'bic']).optional(),
      noFallback: z.boolean().default(false),
      maxPersistence: z.number().gt(0).max(1, 'max_persistence must be in (0, 1]').default(d.maxPersistence),
      varLevels: z
        .array(z.number().gt(0.5, 'var_levels must be in (0.5, 1)').lt(1, 'var_levels must be in (0.5, 1)'))
        .max(8, 'at most 8 var_levels')
        .default(d.varLevels),
      seed: z.number().int().min(0).default(d.seed),
      paths: z.number().int().min(1).max(1_000_000, 'paths must be <= 1000000').default(d.simulationPaths),
      // The fitted-state cache (docs/cache.md): "default" follows the refit policy, "refit" refits
      // every ticker warm-started from its cached fit, "bypass" neither reads nor writes the cache.
      // "origins" (set by Evaluate, refused at the edge): the batch's same-named series are successive
      // backtest windows; each is fitted warm-started from the previous window's fit, nothing is stored.
      cache: z.enum(['default', 'refit', 'bypass', 'origins']).default('default'),
    })
    .superRefine((o, ctx) => {
      if (vol === 'gjr' && o.o > o.p) ctx.addIssue({ code: 'custom', path: ['o'], message: `o must be <= p (${o.p})` });
      if (vol === 'egarch' && (o.p !== 1 || o.q !== 1 || o.select)) {
        ctx.addIssue({ code: 'custom', path: ['p'], message: 'egarch is EGARCH(1,1) only' });
      }
      if (o.mean !== 'arma' && (o.ar > 0 || o.ma > 0)) {
        ctx.addIssue({ code: 'custom', path: ['mean'], message: 'ar/ma orders need mean = "arma"' });
      }
      if (o.delta !== undefined && vol !== 'aparch') {
        ctx.addIssue({ code: 'custom', path: ['delta'], message: 'delta applies to aparch only' });
      }
    });
}

export type GarchOptions = z.infer<ReturnType<typeof garchOptionsSchema>>;
