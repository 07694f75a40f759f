import type { RawSeries, ValueColumn } from '../core/series.js';
import { VALUE_COLUMNS } from '../core/series.js';

/**
 * tensorcast.v1.Series as the edge decodes it: the server's fast path (server/series_wire.ts) gives
 * Float64Arrays; @grpc/proto-loader with `{ keepCase: false, longs: Number, enums: String,
 * defaults: true, arrays: true, oneofs: true }` (in-process callers, tests) gives number arrays.
 * int64 timestamps arrive as numbers and an absent repeated field as an empty array.
 */
export interface ProtoSeries {
  ticker: string;
  timestampsMs: ArrayLike<number>;
  open: ArrayLike<number>;
  high: ArrayLike<number>;
  low: ArrayLike<number>;
  close: ArrayLike<number>;
  volume: ArrayLike<number>;
  ret: ArrayLike<number>;
}

/** The column as a Float64Array: the fast path's own array as it is, a JS array copied. */
function float64(values: ArrayLike<number>): Float64Array {
  // new Float64Array(array) takes V8's fast path for packed arrays; Float64Array.from iterates.
  return values instanceof Float64Array ? values : new Float64Array(values as number[]);
}

/**
 * Repeated-message encoding → RawSeries. A column is "sent" when non-empty (proto3 cannot tell an
 * empty repeated field from an absent one); empty timestamps stay empty and mean "row indices".
 */
export function fromProtoSeries(series: readonly ProtoSeries[]): RawSeries[] {
  return series.map((s) => {
    const columns: RawSeries['columns'] = {};
    for (const name of VALUE_COLUMNS) {
      const values = (s as Partial<Record<ValueColumn, ArrayLike<number>>>)[name];
      if (values !== undefined && values.length > 0) columns[name] = float64(values);
    }
    return {
      ticker: s.ticker ?? '',
      timestampsMs: float64(s.timestampsMs ?? []),
      columns,
    };
  });
}
