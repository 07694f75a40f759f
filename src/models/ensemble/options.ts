import { z } from 'zod';
import { MAX_MEMBERS } from './weights.js';

export interface EnsembleDefaults {
  /** Backtest origins that weigh the members (config ensemble.origins). */
  origins: number;
  /** The gate: the ensemble is replaced by its best member when its backtest RMSE ratio to it is above this. */
  gateRmseRatio: number;
}

/** ModelSpec fields of `ensemble`: members (model names, with their default options), weighting, origins, gate_ratio. */
/** Why `name` cannot be a member (undefined when it can): unknown, the ensemble itself, or no default options. */
export type MemberCheck = (name: string) => string | undefined;

export function ensembleOptionsSchema(d: EnsembleDefaults, memberProblem: MemberCheck) {
  return z
    .object({
      members: z
        .array(z.string())
        .min(2, 'an ensemble needs at least 2 member models')
        .max(MAX_MEMBERS, `at most ${MAX_MEMBERS} member models`)
        .refine((m) => new Set(m).size === m.length, 'a model is listed twice')
        .superRefine((m, ctx) => {
          for (const name of m) {
            const problem = memberProblem(name);
            if (problem) ctx.addIssue({ code: 'custom', message: `${name}: ${problem}` });
          }
        })
        // Not given (proto: an empty list) reads as empty, so the message says what to send.
        .prefault([]),
      weighting: z.enum(['inverse_mse', 'cls']).default('inverse_mse'),
      origins: z.number().int().min(2, 'origins must be >= 2').max(250, 'origins must be <= 250').default(d.origins),
      gateRatio: z.number().gt(1, 'gate_ratio must be > 1').default(d.gateRmseRatio),
    })
    .strict();
}

export type EnsembleOptions = z.infer<ReturnType<typeof ensembleOptionsSchema>>;
