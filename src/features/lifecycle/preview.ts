import type { types } from '@slack/bolt';
import type { ChatopsConfig } from '../../config/chatops';
import type { WarehouseStatus } from '../../redshift/warehouse';
import { computeText, estimateText, storageEstimate } from '../shared/estimate';
import { CONFIRM_ACTION } from './ids';
import type { Readiness } from './readiness';

/** The pause/resume preview (pure): what the change does, what it costs, the checks, and Confirm. */

export interface ConfirmToken {
  a: 'pause' | 'resume';
  t: string;
  /** The preview's key: every click on this preview names the same operation. */
  k: string;
}

export interface PreviewMessage {
  text: string;
  blocks: types.KnownBlock[];
}

const section = (text: string): types.SectionBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });

export function pauseEffects(status: WarehouseStatus, prices: ChatopsConfig['cost']['prices'], snapshotMb: number | undefined): string[] {
  const estimate = storageEstimate({ snapshotMb, capacityMb: status.storageCapacityMb }, prices.managedStoragePerGBMonth);
  const compute = computeText(status.nodeType, status.nodes, prices.nodeHour);
  return [
    '• AWS takes a snapshot of the cluster first, then ends every running query and session.',
    '• Once started, a pause cannot be cancelled; it takes a few minutes.',
    `• Compute stops billing${compute ? ` (now ${compute})` : ''}; ${estimateText(estimate, prices.managedStoragePerGBMonth)} while paused.`,
    `• \`/redshift resume ${status.target}\` starts it again, with the same endpoint and data.`,
  ];
}

export function resumeEffects(status: WarehouseStatus, prices: ChatopsConfig['cost']['prices']): string[] {
  const compute = computeText(status.nodeType, status.nodes, prices.nodeHour);
  return [
    '• The cluster starts again with its data as it was paused; this takes a few minutes.',
    `• Node-hours bill again from then on${compute ? ` (${compute})` : ''}.`,
  ];
}

export function previewMessage(
  action: 'pause' | 'resume',
  status: WarehouseStatus,
  effects: string[],
  readiness: Exclude<Readiness, { kind: 'already' }>,
  approvalsRequired: number,
  token: ConfirmToken,
): PreviewMessage {
  const title = `${action === 'pause' ? ':double_vertical_bar: Pause' : ':arrow_forward: Resume'} *${status.target}* (\`${status.identifier}\`, ${status.nodes ?? '?'} × ${status.nodeType ?? 'unknown node type'})?`;
  const blocks: types.KnownBlock[] = [section(`${title}\n${effects.join('\n')}`), section(`*Checks*\n${readiness.checks.join('\n')}`)];
  if (readiness.kind === 'blocked') {
    blocks.push(section(`:no_entry: Cannot ${action} now. Nothing was called.`));
    return { text: `Cannot ${action} ${status.target}: ${readiness.problems.join('; ')}. Nothing was called.`, blocks };
  }
  const who =
    approvalsRequired > 0
      ? ` Then ${approvalsRequired} approval${approvalsRequired === 1 ? '' : 's'} in the approvals channel (policies.${action}).`
      : '';
  blocks.push({
    type: 'actions',
    block_id: 'lifecycle_confirm',
    elements: [
      {
        type: 'button',
        action_id: CONFIRM_ACTION,
        text: { type: 'plain_text', text: action === 'pause' ? `Pause ${status.target}` : `Resume ${status.target}` },
        style: action === 'pause' ? 'danger' : 'primary',
        value: JSON.stringify(token),
        confirm: {
          title: { type: 'plain_text', text: action === 'pause' ? 'Pause this cluster?' : 'Resume this cluster?' },
          text: {
            type: 'mrkdwn',
            text:
              action === 'pause'
                ? `Running queries on *${status.target}* end, and the pause cannot be cancelled.${who}`
                : `*${status.target}* starts billing node-hours again.${who}`,
          },
          confirm: { type: 'plain_text', text: action === 'pause' ? 'Pause' : 'Resume' },
          deny: { type: 'plain_text', text: 'Cancel' },
          ...(action === 'pause' ? { style: 'danger' as const } : {}),
        },
      },
    ],
  });
  return { text: `${action === 'pause' ? 'Pause' : 'Resume'} ${status.target}? Confirm below.${who}`, blocks };
}

/** Serverless has nothing to pause: it bills per use, and usage limits cap it. Nothing is called. */
export function serverlessPauseText(action: 'pause' | 'resume', target: string, workgroup: string): string {
  return [
    `*${target}* is Redshift Serverless (workgroup \`${workgroup}\`): there is nothing to ${action}, and nothing was called.`,
    'Serverless bills compute per use (RPU-seconds while queries run, 60 s minimum) and is idle for free; only its storage bills all the time.',
    'To cap what it may spend, set a usage limit (RPU-hours per day, week or month) on the workgroup, with the breach action `deactivate` if it must stop.',
  ].join('\n');
}
