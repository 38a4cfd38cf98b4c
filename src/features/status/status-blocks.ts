import type { types } from '@slack/bolt';
import type { SnapshotInfo, WarehouseStatus } from '../../redshift/warehouse';
import { formatTime, mbText } from '../shared/figures';

/** One target's part of the status report: its status and latest snapshots, or why they could not be read. */
export type TargetReport =
  | { target: string; ok: true; status: WarehouseStatus; snapshots: SnapshotInfo[]; snapshotsError?: string }
  | { target: string; ok: false; error: string };

const stateEmoji = (status: WarehouseStatus) =>
  status.available ? ':large_green_circle:' : /paus|delet|fail|incompat/i.test(status.state) ? ':red_circle:' : ':large_yellow_circle:';

function retention(days: number | undefined): string {
  if (days === undefined) return '—';
  if (days === 0) return 'off';
  if (days === -1) return 'until deleted';
  return `${days} day${days === 1 ? '' : 's'}`;
}

function capacity(status: WarehouseStatus): string {
  if (status.kind === 'serverless') return `${status.baseRpu ?? '?'} RPU base, ${status.maxRpu ?? '?'} max`;
  return `${status.nodes ?? '?'} × ${status.nodeType ?? '?'}`;
}

function snapshotLine(snapshot: SnapshotInfo): string {
  const size = snapshot.sizeMb !== undefined ? `, ${mbText(snapshot.sizeMb)}` : '';
  return `\`${snapshot.id}\` ${snapshot.kind}, ${snapshot.status}, ${formatTime(snapshot.createdAt)}${size}`;
}

export function statusBlocks(reports: readonly TargetReport[]): { text: string; blocks: types.KnownBlock[] } {
  const blocks: types.KnownBlock[] = [];
  const summary: string[] = [];
  for (const report of reports) {
    if (blocks.length > 0) blocks.push({ type: 'divider' });
    if (!report.ok) {
      summary.push(`${report.target}: unknown`);
      blocks.push({
        type: 'section',
        text: { type: 'mrkdwn', text: `:warning: *${report.target}*: could not read its status.\n${report.error}` },
      });
      continue;
    }
    const { status } = report;
    summary.push(`${report.target}: ${status.state}`);
    const fields = [
      `*State*\n${stateEmoji(status)} ${status.state}`,
      `*${status.kind === 'serverless' ? 'Workgroup' : 'Cluster'}*\n${status.identifier}`,
      `*${status.kind === 'serverless' ? 'Capacity' : 'Nodes'}*\n${capacity(status)}`,
    ];
    if (status.kind === 'provisioned') {
      fields.push(`*Maintenance window*\n${status.maintenanceWindow ?? '—'} (UTC)`);
      fields.push(`*Next maintenance*\n${formatTime(status.nextMaintenance)}`);
      fields.push(`*Automated snapshots kept*\n${retention(status.automatedSnapshotRetentionDays)}`);
      if (status.snapshotCopy)
        fields.push(
          `*Cross-region copy*\nto ${status.snapshotCopy.destinationRegion ?? '?'}, ${retention(status.snapshotCopy.retentionDays)}`,
        );
    } else {
      fields.push(`*Recovery points*\nevery ~30 min, kept 24 h`);
    }
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: `*${report.target}* (${status.kind})` },
      fields: fields.map((text) => ({ type: 'mrkdwn', text })),
    });
    const latest = report.snapshotsError
      ? `:warning: latest snapshots unavailable: ${report.snapshotsError}`
      : report.snapshots.length === 0
        ? 'No snapshots yet.'
        : `Latest: ${report.snapshots.map(snapshotLine).join(' · ')}`;
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: latest.slice(0, 3000) }] });
  }
  return { text: `Status: ${summary.join('; ')}`, blocks };
}
