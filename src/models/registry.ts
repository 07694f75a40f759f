import type { ForecastModel } from './model.js';

/** Models by name; the only place that knows which models exist is the list handed in at start-up. */
export class ModelRegistry {
  private readonly byName = new Map<string, ForecastModel<any>>();

  constructor(models: ForecastModel<any>[]) {
    for (const m of models) this.byName.set(m.name, m);
  }

  get(name: string): ForecastModel<any> | undefined {
    return this.byName.get(name);
  }

  names(): string[] {
    return [...this.byName.keys()];
  }

  all(): ForecastModel<any>[] {
    return [...this.byName.values()];
  }
}
