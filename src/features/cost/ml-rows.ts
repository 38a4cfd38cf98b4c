import type { Row } from '../../redshift/data-api';
import { str } from './rows';

/**
 * SHOW MODEL's answer (pure). It returns one row per fact, a key and a value ("Model Name",
 * "Estimated Cost", "Creation Time", "Function Name", …; dg/r_SHOW_MODEL.html). The estimated cost
 * is shown only to the model's owner and not for BYOM models. The page names no training-cell or
 * MAX_CELLS row, so cells are not read; the estimated cost is the figure, and its unit is not stated
 * (its example, 5.7, reads as US dollars).
 */
export interface ShowModelFacts {
  estimatedCost?: number;
  created?: string;
  state?: string;
  functionName?: string;
}

/** The Key and Value columns, found whatever case the driver gives their names. */
function cell(row: Row, column: 'key' | 'value'): string {
  const name = Object.keys(row).find((key) => key.toLowerCase() === column);
  return name === undefined ? '' : str(row[name]).trim();
}

export function showModelFacts(rows: readonly Row[]): ShowModelFacts {
  const values = new Map<string, string>();
  for (const row of rows) {
    const key = cell(row, 'key').toLowerCase();
    // The first row of a key wins: later sections repeat no key the bot reads.
    if (key !== '' && !values.has(key)) values.set(key, cell(row, 'value'));
  }
  const facts: ShowModelFacts = {};
  const cost = values.get('estimated cost');
  if (cost !== undefined && cost !== '' && Number.isFinite(Number(cost))) facts.estimatedCost = Number(cost);
  const created = values.get('creation time');
  if (created) facts.created = created;
  const state = values.get('model state');
  if (state) facts.state = state;
  const fn = values.get('function name');
  if (fn) facts.functionName = fn;
  return facts;
}
