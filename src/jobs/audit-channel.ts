import type { WebClient } from '@slack/web-api';
import type { AuditRecord, Item, Store } from '../store/store';
import { auditMessages } from './audit-line';
import { isRoutine } from './audit-sentence';
import type { AuditFeedContext } from './types';

export const AUDIT_FEED_KIND = 'audit-feed';
const FEED_ID = 'channel';
/** Records younger than this wait for the next tick, so one written a moment late is not skipped. */
export const AUDIT_SETTLE_MS = 5_000;
/**
 * The first run posts what was recorded this long before it, not the whole history: the DynamoDB
 * audit log is partitioned by day, and a feed starting at 1970 would read every empty day since.
 */
const FIRST_LOOKBACK_MS = 24 * 3_600_000;
/** At most this many records a tick; a backlog drains over the next ticks. */
const MAX_RECORDS_PER_TICK = 100;

interface FeedState {
  /** Every record with at < through was posted, and those at `through` whose ids are in `postedAt`. */
  through: number;
  postedAt: string[];
}

export interface AuditFeedResult {
  posted: number;
}

/**
 * Mirrors the audit log into the audit channel, one sentence per record (details below it), from
 * the tick; routine schedule runs are left out. The store stays the record of truth; the channel is
 * where people read it. The range is claimed with a conditional write before anything is posted, so
 * two ticks never post the same records; a failed post hands the range back, so the next tick posts
 * it again.
 */
export async function publishAudit(context: AuditFeedContext): Promise<AuditFeedResult> {
  const { store, clock, slack } = context;
  const item = await feedItem(store, clock.now() - FIRST_LOOKBACK_MS);
  // Exclusive end: records at least AUDIT_SETTLE_MS old.
  const upTo = clock.now() - AUDIT_SETTLE_MS + 1;
  const records = await unposted(store, item.data, upTo);
  if (records.length === 0) return { posted: 0 };

  const last = records[records.length - 1];
  const complete = records.length < MAX_RECORDS_PER_TICK;
  const next: FeedState = complete
    ? { through: upTo, postedAt: [] }
    : {
        through: last.at,
        postedAt: [
          ...(last.at === item.data.through ? item.data.postedAt : []),
          ...records.filter((r) => r.at === last.at).map((r) => r.id),
        ],
      };
  if (!(await store.update(AUDIT_FEED_KIND, FEED_ID, item.version, next))) return { posted: 0 };

  // Routine schedule runs are claimed with the rest (so the range moves on) but stay in the store only.
  const shown = records.filter((record) => !isRoutine(record));
  try {
    const names = await displayNames(slack, shown);
    for (const { text, blocks } of auditMessages(shown, names)) {
      await slack.chat.postMessage({ channel: context.config.channels.audit, text, blocks, unfurl_links: false });
    }
  } catch (error) {
    // Hand the range back (only if nobody moved on meanwhile); a partly posted range is posted again whole.
    await store.update(AUDIT_FEED_KIND, FEED_ID, item.version + 1, item.data);
    context.log(
      `audit channel: could not post ${shown.length} records, will retry: ${error instanceof Error ? error.message : String(error)}`,
    );
    return { posted: 0 };
  }
  return { posted: shown.length };
}

async function feedItem(store: Store, start: number): Promise<Item<FeedState>> {
  const existing = await store.get<FeedState>(AUDIT_FEED_KIND, FEED_ID);
  if (existing) return existing;
  await store.create<FeedState>(AUDIT_FEED_KIND, FEED_ID, { through: start, postedAt: [] });
  // Written just now (by this tick or a concurrent one); the feed item has no expiry, so it is there.
  const created = await store.get<FeedState>(AUDIT_FEED_KIND, FEED_ID);
  if (!created) throw new Error(`the ${AUDIT_FEED_KIND} item ${FEED_ID} is missing right after it was created`);
  return created;
}

/** Oldest first, through the store's own paging, skipping what was posted at the boundary. */
async function unposted(store: Store, state: FeedState, upTo: number): Promise<AuditRecord[]> {
  const skip = new Set(state.postedAt);
  const records: AuditRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.listAudit({ from: state.through, to: upTo, limit: MAX_RECORDS_PER_TICK, cursor });
    for (const record of page.items) {
      if (!skip.has(record.id) && records.length < MAX_RECORDS_PER_TICK) records.push(record);
    }
    cursor = page.cursor;
  } while (cursor && records.length < MAX_RECORDS_PER_TICK);
  return records;
}

/** Display names, not mentions: an audit line should not notify the people it names. */
async function displayNames(slack: WebClient, records: readonly AuditRecord[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const actor of new Set(records.map((record) => record.actor))) {
    if (!/^[UW][A-Z0-9]+$/.test(actor)) continue;
    try {
      const { user } = await slack.users.info({ user: actor });
      const name = user?.profile?.display_name || user?.real_name || user?.name;
      if (name) names.set(actor, name);
    } catch {
      // Unknown or deleted user: the id alone still identifies them.
    }
  }
  return names;
}
