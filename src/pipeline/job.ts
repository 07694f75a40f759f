import type { PreprocessPolicy, RawSeries } from '../core/series.js';
import type { Priority } from '../batching/types.js';
import type { ForecastModel } from '../models/model.js';

export type SeriesInput = { kind: 'messages'; series: RawSeries[] } | { kind: 'arrow'; bytes: Uint8Array };

export interface ModelRequest {
  model: ForecastModel<any>;
  options: unknown;
}

/** A request that passed edge validation: everything the pipeline needs, typed and trusted. */
export interface ForecastJob {
  requestId: string;
  input: SeriesInput;
  models: ModelRequest[];
  horizonBars: number;
  levels: number[];
  policy: PreprocessPolicy;
  /** Scheduling class in the batcher: interactive (the proto default) or bulk backfill. */
  priority: Priority;
}
