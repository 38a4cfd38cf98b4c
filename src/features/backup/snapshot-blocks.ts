import type { types } from '@slack/bolt';
import type { SnapshotInfo } from '../../redshift/warehouse';
import { formatTime, mbText } from '../shared/figures';

export const LIST_MORE_ACTION = 'snapshot_list_more';

export function retentionText(retention: number | 'forever'): string {
  return retention === 'forever' || retention === -1 ? 'kept until deleted' : `kept ${retention} day${retention === 1 ? '' : 's'}`;
}

/** A static select of chatops.yml target names, typed for the backup forms. */
export function targetPicker(targets: readonly string[], actionId: string): types.StaticSelect {
  return {
    type: 'static_select',
    action_id: actionId,
    options: targets.map((t) => ({ text: { type: 'plain_text', text: t.slice(0, 75) }, value: t })),
  };
}

export function durationText(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

function row(snapshot: SnapshotInfo): string {
  const size = snapshot.sizeMb !== undefined ? ` · ${mbText(snapshot.sizeMb)}` : '';
  const kept =
    snapshot.retentionDays === undefined
      ? ''
      : snapshot.retentionDays === -1
        ? ' · kept until deleted'
        : ` · kept ${snapshot.retentionDays} d`;
  return `\`${snapshot.id}\` · ${snapshot.kind} · *${snapshot.status}* · ${formatTime(snapshot.createdAt)}${size}${kept}`;
}

/** One page of one target's snapshots, newest first, with a button for the next page. */
export function snapshotListBlocks(
  target: string,
  snapshots: readonly SnapshotInfo[],
  cursor: string | undefined,
  pageNumber: number,
): { text: string; blocks: types.KnownBlock[] } {
  const header = `*Snapshots of ${target}*${pageNumber > 1 ? ` (page ${pageNumber})` : ''}`;
  const body =
    snapshots.length === 0 ? (pageNumber > 1 ? 'No more snapshots.' : 'No snapshots or recovery points.') : snapshots.map(row).join('\n');
  const blocks: types.KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: `${header}\n${body}`.slice(0, 3000) } }];
  if (cursor) {
    blocks.push({
      type: 'actions',
      elements: [
        {
          type: 'button',
          action_id: LIST_MORE_ACTION,
          text: { type: 'plain_text', text: 'More' },
          value: JSON.stringify({ target, cursor, page: pageNumber + 1 }).slice(0, 2000),
        },
      ],
    });
  }
  return { text: `Snapshots of ${target}: ${snapshots.length} shown`, blocks };
}
