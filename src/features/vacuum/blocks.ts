import type { types } from '@slack/bolt';
import * as z from 'zod/mini';
import { escapeMrkdwn, formatUtc, plural } from '../../slack-text';
import { safeJson } from '../shared/json';
import { adviceLabel, type Advice } from './advisor';

export const RUN_ACTION = 'vacuum_run';
export const SNOOZE_ACTION = 'vacuum_snooze';
/** Slack takes 50 blocks a message: a header, then a section and an actions block per table. */
const MAX_LISTED = 20;

/** What a Run or Snooze button carries; checked again on every click. */
export const tableButtonValue = z.object({
  t: z.string().check(z.maxLength(40)),
  s: z.string().check(z.maxLength(127)),
  n: z.string().check(z.maxLength(127)),
});
export type TableButtonValue = z.infer<typeof tableButtonValue>;

export function parseButtonValue(raw: string | undefined): TableButtonValue | undefined {
  const parsed = tableButtonValue.safeParse(safeJson(raw));
  return parsed.success ? parsed.data : undefined;
}

function size(mb: number): string {
  return mb >= 1024 ? `${(mb / 1024).toLocaleString('en-US', { maximumFractionDigits: 1 })} GB` : `${mb.toLocaleString('en-US')} MB`;
}

export interface TargetCandidates {
  target: string;
  /** The table sizes, by `schema.table`, for the list. */
  sizes: ReadonlyMap<string, number>;
  advice: readonly Advice[];
  error?: string;
  /** Set when the bot's identity cannot see table health: why, and what would let it. */
  hidden?: string;
}

export function actionsBlockId(target: string, schema: string, table: string): string {
  return `vacuum:${target}:${schema}.${table}`.slice(0, 255);
}

/** One target's candidates: what is wrong with each table and why, with Run and Snooze buttons. */
export function candidateBlocks(report: TargetCandidates, snoozeDays: number): types.KnownBlock[] {
  if (report.error)
    return [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: `:warning: *${report.target}*: could not read table statistics. ${escapeMrkdwn(report.error)}` },
      },
    ];
  if (report.hidden)
    return [{ type: 'section', text: { type: 'mrkdwn', text: `:eyes: *${report.target}*: ${escapeMrkdwn(report.hidden)}` } }];
  if (report.advice.length === 0) {
    return [
      { type: 'section', text: { type: 'mrkdwn', text: `:white_check_mark: *${report.target}*: no table needs VACUUM or ANALYZE.` } },
    ];
  }
  const blocks: types.KnownBlock[] = [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `:broom: *${report.target}*: ${plural(report.advice.length, 'table')} need attention, most benefit first.`,
      },
    },
  ];
  for (const advice of report.advice.slice(0, MAX_LISTED)) {
    const name = `${advice.schema}.${advice.table}`;
    const label = adviceLabel(advice);
    const sizeText = report.sizes.has(name) ? ` · ${size(report.sizes.get(name) ?? 0)}` : '';
    const what = advice.vacuum
      ? `\`VACUUM ${advice.vacuum.mode === 'FULL' ? '' : `${advice.vacuum.mode} `}… TO ${advice.vacuum.toPercent} PERCENT\``
      : '';
    const does = [what, advice.analyze ? '`ANALYZE`' : ''].filter(Boolean).join(' then ');
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `*${escapeMrkdwn(name)}*${sizeText} → ${does}\n${advice.reasons.map((reason) => `• ${escapeMrkdwn(reason)}`).join('\n')}`,
      },
    });
    const value = JSON.stringify({ t: report.target, s: advice.schema, n: advice.table });
    blocks.push({
      type: 'actions',
      block_id: actionsBlockId(report.target, advice.schema, advice.table),
      elements: [
        {
          type: 'button',
          action_id: RUN_ACTION,
          text: { type: 'plain_text', text: `Run ${label}`.slice(0, 75) },
          style: 'primary',
          value,
          confirm: {
            title: { type: 'plain_text', text: `Run ${label}?`.slice(0, 100) },
            text: {
              type: 'mrkdwn',
              text: `${does} on *${escapeMrkdwn(name)}* (${report.target}). One VACUUM runs per cluster at a time; others wait their turn.`,
            },
            confirm: { type: 'plain_text', text: 'Run' },
            deny: { type: 'plain_text', text: 'Cancel' },
          },
        },
        { type: 'button', action_id: SNOOZE_ACTION, text: { type: 'plain_text', text: `Snooze ${snoozeDays} d` }, value },
      ],
    });
  }
  if (report.advice.length > MAX_LISTED) {
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `…and ${report.advice.length - MAX_LISTED} more; \`/redshift vacuum check ${report.target}\` after these are done.`,
        },
      ],
    });
  }
  return blocks;
}

/** The message's blocks with this table's buttons replaced by a note (after a snooze). */
export function withoutButtons(
  blocks: readonly (types.KnownBlock | types.Block)[],
  blockId: string,
  note: string,
): (types.KnownBlock | types.Block)[] {
  return blocks.map((block): types.KnownBlock | types.Block =>
    block.block_id === blockId ? { type: 'context', block_id: blockId, elements: [{ type: 'mrkdwn', text: note }] } : block,
  );
}

export function snoozedNote(user: string, until: number): string {
  return `:zzz: Snoozed by <@${user}> until ${formatUtc(until)}.`;
}

/** `1,234`, or `—` when unknown. */
export function count(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : Math.round(n).toLocaleString('en-US');
}

export function percentText(n: number | null | undefined): string {
  return n === null || n === undefined ? 'no sort key' : `${Math.round(n * 100) / 100} %`;
}
