import type { RawSeries, ValueColumn } from '../core/series.js';
import { VALUE_COLUMNS } from '../core/series.js';

/**
 * tensorcast.v1.Series as @grpc/proto-loader gives it with
 * `{ keepCase: false, longs: Number, enums: String, defaults: true, arrays: true, oneofs: true }`:
 * int64 timestamps arrive as numbers and an absent repeated field as an empty array.
 */
export interface ProtoSeries {
  ticker: string;
  timestampsMs: number[];
  open: number[];
  high: number[];
  low: number[];
  close: number[];
  volume: number[];
  ret: number[];
}

/**
 * Repeated-message encoding → RawSeries. A column is "sent" when non-empty (proto3 cannot tell an
 * empty repeated field from an absent one); empty timestamps stay empty and mean "row indices".
 */
export function fromProtoSeries(series: readonly ProtoSeries[]): RawSeries[] {
  return series.map((s) => {
    const columns: RawSeries['columns'] = {};
    for (const name of VALUE_COLUMNS) {
      const values = (s as Partial<Record<ValueColumn, number[]>>)[name];
      // new Float64Array(array) takes V8's fast path for packed arrays; Float64Array.from iterates.
      if (values !== undefined && values.length > 0) columns[name] = new Float64Array(values);
    }
    return {
      ticker: s.ticker ?? '',
      timestampsMs: new Float64Array(s.timestampsMs ?? []),
      columns,
    };
  });
}
