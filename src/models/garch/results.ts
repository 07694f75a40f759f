import { GARCH_MAX_PARAMS, fitReason, type GarchBatchOutput } from '../../native/garch.js';
import type { FitDetails, FitStats, RiskMeasure } from '../model.js';

/** Per-series view of one garchBatch output, turned into the response's maps and stats. */
export class GarchFitView {
  constructor(
    readonly out: GarchBatchOutput,
    readonly names: (p: number, q: number) => string[],
    readonly varLevels: number[],
  ) {}

  finite(i: number): boolean {
    return Number.isFinite(this.out.loglik[i]);
  }

  converged(i: number): boolean {
    return this.out.converged[i] === 1;
  }

  persistence(i: number): number {
    return this.out.persistence[i];
  }

  reason(i: number): string {
    return fitReason(this.out.reason[i]);
  }

  reasonCode(i: number): number {
    return this.out.reason[i];
  }

  paramNames(i: number): string[] {
    return this.names(this.out.chosenP[i], this.out.chosenQ[i]);
  }

  /** Name → value for the finite entries of a stride-16 parameter array. */
  private map(arr: Float64Array, i: number): Record<string, number> {
    const m: Record<string, number> = {};
    this.paramNames(i).forEach((name, k) => {
      const v = arr[i * GARCH_MAX_PARAMS + k];
      if (Number.isFinite(v)) m[name] = v;
    });
    return m;
  }

  params(i: number): Record<string, number> {
    return this.map(this.out.params, i);
  }

  fitStats(i: number): FitStats {
    const o = this.out;
    const num = (x: number) => (Number.isFinite(x) ? x : 0);
    return {
      loglik: o.loglik[i],
      aic: o.aic[i],
      bic: o.bic[i],
      converged: o.converged[i] === 1,
      reason: fitReason(o.reason[i]),
      iterations: o.iterations[i],
      persistence: num(o.persistence[i]),
      // An integrated or explosive fit has no unconditional variance: reported as 0 with persistence >= 1.
      unconditionalVariance: num(o.uncondVariance[i]),
      n: o.nObs[i],
    };
  }

  risk(i: number): RiskMeasure[] {
    const V = this.varLevels.length;
    return this.varLevels.map((level, l) => ({
      level,
      valueAtRisk: this.out.valueAtRisk[i * V + l],
      expectedShortfall: this.out.expectedShortfall[i * V + l],
    }));
  }

  details(i: number, modelUsed: string | undefined, fallbackReason: string | undefined): FitDetails {
    return {
      modelUsed,
      fallbackReason,
      stderr: this.map(this.out.stdErr, i),
      stderrRobust: this.map(this.out.stdErrRobust, i),
      fit: this.fitStats(i),
      risk: this.risk(i),
    };
  }
}
