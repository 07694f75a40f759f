/**
 * Arrow IPC encoding → RawSeries. The table is long format: one row per (ticker, time) with columns
 * `ticker`, optional `timestamp`, and `open..volume` or `ret`. Rows are grouped by ticker in order of
 * first appearance, keeping row order, so the result equals the repeated-message encoding of the same
 * data value for value. Only the IPC stream format is read (as the proto documents).
 */
import { tableFromIPC } from 'apache-arrow';
import type { Table } from 'apache-arrow';
import { VALUE_COLUMNS } from '../core/series.js';
import type { RawSeries, ValueColumn } from '../core/series.js';
import { DecodeError } from './errors.js';
import { gatherGroup, groupRowsById } from './group.js';
import { timeColumnToMs, valueColumnToFloat64 } from './arrow_numbers.js';
import { tickerIds } from './arrow_tickers.js';
import { checkArrowStream } from './arrow_guard.js';

const FILE_MAGIC = [0x41, 0x52, 0x52, 0x4f, 0x57, 0x31]; // "ARROW1"

function readTable(bytes: Uint8Array): Table {
  if (bytes.length === 0) throw new DecodeError('arrow_ipc: empty');
  if (FILE_MAGIC.every((b, i) => bytes[i] === b)) {
    throw new DecodeError('arrow_ipc: this is the Arrow file format; send the IPC stream format');
  }
  checkArrowStream(bytes);
  let table: Table;
  try {
    table = tableFromIPC(bytes);
  } catch (err) {
    throw new DecodeError(`arrow_ipc: cannot decode Arrow IPC (${(err as Error).message})`);
  }
  if (table.schema.fields.length === 0) throw new DecodeError('arrow_ipc: the schema has no columns');
  return table;
}

export function decodeArrowIpc(bytes: Uint8Array): RawSeries[] {
  const table = readTable(bytes);
  const tickerVector = table.getChild('ticker');
  if (tickerVector === null) {
    const names = table.schema.fields.map((f) => f.name).join(', ');
    throw new DecodeError(`arrow_ipc: missing column "ticker" (columns: ${names})`);
  }
  try {
    const rows = tickerVector.length;
    for (const field of table.schema.fields) {
      // Corrupt field nodes can give columns of one batch different lengths; rows must line up.
      if (table.getChild(field.name)!.length !== rows) throw new DecodeError(`arrow_ipc: column ${field.name} has a different length than ticker`);
    }
    const { keys, groupOfRow } = tickerIds(tickerVector);
    const groups = groupRowsById(keys, groupOfRow);
    const timeVector = table.getChild('timestamp');
    const times = timeVector === null ? null : timeColumnToMs(timeVector);
    const valueColumns: [ValueColumn, Float64Array][] = [];
    for (const name of VALUE_COLUMNS) {
      const vector = table.getChild(name);
      if (vector !== null) valueColumns.push([name, valueColumnToFloat64(vector, name)]);
    }
    return groups.keys.map((ticker, g) => {
      const columns: RawSeries['columns'] = {};
      for (const [name, values] of valueColumns) columns[name] = gatherGroup(values, groups, g);
      return {
        ticker,
        timestampsMs: times === null ? new Float64Array(0) : gatherGroup(times, groups, g),
        columns,
      };
    });
  } catch (err) {
    if (err instanceof DecodeError) throw err;
    // Buffers that parse as IPC but hold inconsistent offsets or lengths fail while being read.
    throw new DecodeError(`arrow_ipc: cannot read columns (${(err as Error).message})`);
  }
}
