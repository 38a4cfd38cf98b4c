import type { Store } from '../../store/store';
import { tableKey } from './advisor';

/** A table left out of checks and reminders until `until` (kind `vacuum-snooze`, gone by TTL after). */
export const SNOOZE_KIND = 'vacuum-snooze';

export interface SnoozeRecord {
  target: string;
  schema: string;
  table: string;
  by: string;
  until: number;
}

function snoozeId(target: string, schema: string, table: string): string {
  return `${target}:${tableKey(schema, table)}`;
}

/** Snoozes (or re-snoozes, moving the end) one table of one target. */
export async function snooze(store: Store, record: SnoozeRecord): Promise<void> {
  const id = snoozeId(record.target, record.schema, record.table);
  for (let attempt = 0; attempt < 10; attempt += 1) {
    if (await store.create<SnoozeRecord>(SNOOZE_KIND, id, record, { expiresAt: record.until })) return;
    const existing = await store.get<SnoozeRecord>(SNOOZE_KIND, id);
    if (existing && (await store.update<SnoozeRecord>(SNOOZE_KIND, id, existing.version, record, { expiresAt: record.until }))) return;
  }
  throw new Error(`could not snooze ${tableKey(record.schema, record.table)}: it kept changing; try again`);
}

/** `schema.table` of every live snooze of this target. */
export async function snoozedTables(store: Store, target: string): Promise<Set<string>> {
  const tables = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = await store.list<SnoozeRecord>(SNOOZE_KIND, { limit: 500, cursor });
    for (const item of page.items) if (item.data.target === target) tables.add(tableKey(item.data.schema, item.data.table));
    cursor = page.cursor;
  } while (cursor);
  return tables;
}
