import { ARIMA_COEF_SLOTS, arimaCoefNames, arimaOrderAt, type ArimaBatchOutput, type ArimaOrder } from '../../native/arima.js';
import type { ArimaFitStats, FitDetails } from '../model.js';

/** A finite number, or 0 where a statistic is not computable (a response never carries NaN). */
const finiteOr0 = (x: number) => (Number.isFinite(x) ? x : 0);

/** Per-series view of one arimaBatch output, turned into the response's maps and stats. */
export class ArimaFitView {
  constructor(readonly out: ArimaBatchOutput) {}

  status(i: number): number {
    return this.out.status[i];
  }

  order(i: number): ArimaOrder {
    return arimaOrderAt(this.out.order, i);
  }

  /** Name -> value of the finite entries of a coef-slot row. */
  private map(arr: Float64Array, i: number): Record<string, number> {
    const m: Record<string, number> = {};
    for (const { name, slot } of arimaCoefNames(this.order(i))) {
      const v = arr[i * ARIMA_COEF_SLOTS + slot];
      if (Number.isFinite(v)) m[name] = v;
    }
    return m;
  }

  /** ar1.., ma1.., sar1, sma1, intercept | drift, sigma2 (R's names and order). */
  params(i: number): Record<string, number> {
    const m = this.map(this.out.coef, i);
    if (Number.isFinite(this.out.sigma2[i])) m.sigma2 = this.out.sigma2[i];
    return m;
  }

  fitStats(i: number): ArimaFitStats {
    const o = this.out;
    const ord = this.order(i);
    const seasonal = ord.seasonalP + ord.seasonalD + ord.seasonalQ > 0;
    const converged = o.converged[i] === 1;
    return {
      loglik: finiteOr0(o.loglik[i]),
      aic: finiteOr0(o.aic[i]),
      bic: finiteOr0(o.bic[i]),
      converged,
      reason: converged ? 'converged' : 'iteration limit reached before the gradient tolerance (estimates reported as they stand)',
      iterations: o.iterations[i],
      // GARCH-only fields: not applicable to a mean model
      persistence: 0,
      unconditionalVariance: 0,
      n: o.nObs[i],
      aicc: finiteOr0(o.aicc[i]),
      order: [ord.p, ord.d, ord.q],
      seasonalOrder: seasonal ? [ord.seasonalP, ord.seasonalD, ord.seasonalQ] : [],
      period: seasonal ? ord.period : 1,
      ljungBoxP: finiteOr0(o.ljungBoxP[i]),
      ljungBoxLag: o.ljungBoxLag[i],
      jarqueBeraP: finiteOr0(o.jarqueBeraP[i]),
      kpssStat: finiteOr0(o.kpssStat[i]),
      kpssP: finiteOr0(o.kpssP[i]),
      adfStat: finiteOr0(o.adfStat[i]),
      adfP: finiteOr0(o.adfP[i]),
      ocsbStat: finiteOr0(o.ocsbStat[i]),
      ocsbCrit: finiteOr0(o.ocsbCrit[i]),
      ocsbLag: o.ocsbLag[i],
      modelsFitted: o.modelsFitted[i],
    };
  }

  details(i: number, target: string): FitDetails {
    return { stderr: this.map(this.out.stdErr, i), fit: this.fitStats(i), target };
  }
}
