import type { types } from '@slack/bolt';
import { formatUtc, truncate } from '../../slack-text';
import type { ReplyMessage } from '../shared/reply';
import { BUDGET_WORDS, formatBudgetAmount, type BudgetUse } from './budgets';
import { COMPONENT_LABELS, type Components, type Missing } from './costs';
import { bytesText, hoursText, percentText, plain, usd } from './format';
import { PERIOD_WORDS } from './periods';
import { UNUSED_MODEL_DAYS, type ModelCost, type TargetReport } from './report';
import type { TopUsage } from './usage';

/** `/redshift cost` as Slack blocks (pure). */

const SECTION_CHARS = 2900;

const section = (text: string): types.SectionBlock => ({ type: 'section', text: { type: 'mrkdwn', text: truncate(text, SECTION_CHARS) } });

/** One line per component with money in it; a component that is not counted says so instead of $0. */
export function componentLines(
  spent: Components & { spectrumMb: number; rpuHours: number; runningHours: number; pausedHours: number },
  missing: Missing = {},
): string[] {
  const lines: string[] = [];
  const notCounted = (part: keyof Missing) => `• ${COMPONENT_LABELS[part]}: _not counted_ — ${plain(missing[part] ?? '', 300)}`;
  if (spent.nodes > 0 || spent.runningHours > 0) lines.push(`• ${COMPONENT_LABELS.nodes}: *${usd(spent.nodes)}* (${hoursText(spent.runningHours)} running)`);
  if (missing.serverless !== undefined) lines.push(notCounted('serverless'));
  else if (spent.serverless > 0) lines.push(`• ${COMPONENT_LABELS.serverless}: *${usd(spent.serverless)}* (${spent.rpuHours.toFixed(1)} RPU-hours)`);
  if (missing.spectrum !== undefined) lines.push(notCounted('spectrum'));
  else if (spent.spectrum > 0) lines.push(`• ${COMPONENT_LABELS.spectrum}: *${usd(spent.spectrum)}* (${bytesText(spent.spectrumMb * 1e6)} billed)`);
  if (missing.storage !== undefined) lines.push(notCounted('storage'));
  else if (spent.storage > 0) lines.push(`• ${COMPONENT_LABELS.storage}: *${usd(spent.storage)}*${spent.pausedHours > 0 ? ` (${hoursText(spent.pausedHours)} of it paused)` : ''}`);
  if (lines.length === 0) lines.push('• nothing billed');
  return lines;
}

export function budgetLine(use: BudgetUse): string {
  const icon = use.percent >= 100 ? ':red_circle:' : use.percent >= 80 ? ':large_orange_circle:' : use.percent >= 50 ? ':large_yellow_circle:' : ':white_circle:';
  return `${icon} ${BUDGET_WORDS[use.kind]} (${use.period}): ${formatBudgetAmount(use.kind, use.used)} of ${formatBudgetAmount(use.kind, use.limit)} — *${percentText(use.percent)}*`;
}

export function topLines(kind: TargetReport['kind'], top: TopUsage): string[] {
  const lines: string[] = [];
  if (top.users.length > 0) {
    lines.push(kind === 'provisioned' ? '*Top users by Spectrum scans*' : '*Top users by RPU time*');
    for (const user of top.users) {
      lines.push(
        kind === 'provisioned'
          ? `• \`${plain(user.user, 40)}\`: ${bytesText((user.billedMb ?? 0) * 1e6)} in ${user.queries} quer${user.queries === 1 ? 'y' : 'ies'}`
          : `• \`${plain(user.user, 40)}\`: ${percentText((user.share ?? 0) * 100)} of execution time (${user.queries} quer${user.queries === 1 ? 'y' : 'ies'})`,
      );
    }
  }
  if (top.queries.length > 0) {
    lines.push(kind === 'provisioned' ? '*Top queries by Spectrum scans*' : '*Top queries by RPU time*');
    for (const query of top.queries) {
      const size = kind === 'provisioned' ? bytesText((query.billedMb ?? 0) * 1e6) : `${(query.executionSeconds ?? 0).toFixed(1)} s`;
      lines.push(`• ${size} — query ${plain(query.id, 20)} by \`${plain(query.user, 40)}\` at ${plain(query.started, 20)}: \`${plain(query.what, 90)}\``);
    }
  }
  return lines;
}

export function modelLines(models: readonly ModelCost[], more = 0): string[] {
  if (models.length === 0) return [];
  const lines = ['*ML models* (CREATE MODEL training is billed by SageMaker, not counted above)'];
  for (const model of models) {
    const name = `\`${plain(model.schema, 40)}.${plain(model.name, 60)}\``;
    const created = model.created ? `, created ${plain(model.created, 30)}` : '';
    const cost = model.estimatedUsd !== undefined ? `≈ *${usd(model.estimatedUsd)}* (SHOW MODEL's estimated cost)` : `cost not known — ${plain(model.costMissing ?? 'not read', 200)}`;
    const idle = model.lastUsed === undefined ? 'no query has called its prediction function' : `its prediction function was not called in ${UNUSED_MODEL_DAYS} days`;
    const used = model.unused ? ` — :wastebasket: ${idle}; drop it with \`DROP MODEL ${plain(model.schema, 40)}.${plain(model.name, 60)}\` if nobody needs it` : '';
    lines.push(`• ${name} by \`${plain(model.owner, 40)}\` (${plain(model.state, 40)}${created}): ${cost}${used}`);
  }
  if (more > 0) lines.push(`…and ${more} more model${more === 1 ? '' : 's'} not listed.`);
  return lines;
}

export function reportBlocks(report: TargetReport): types.KnownBlock[] {
  const since = `${PERIOD_WORDS[report.period]}, since ${formatUtc(report.window.from)}`;
  const partial = Object.keys(report.missing).length > 0 ? ' (not counting what is marked below)' : '';
  const head = report.countedNothing
    ? [`:moneybag: *${report.target}* (${report.kind}, ${plain(report.state, 20)}) — ${since}: nothing it bills could be counted`, ...componentLines(report.spent, report.missing)]
    : [
        `:moneybag: *${report.target}* (${report.kind}, ${plain(report.state, 20)}) — ${since}: *${usd(report.spent.total)}* estimated${partial}`,
        ...componentLines(report.spent, report.missing),
        `Month to date ${usd(report.monthToDate)}; projected month end *${usd(report.projection)}*.`,
      ];
  const budget =
    report.budget.length > 0
      ? report.budget.map(budgetLine)
      : [report.countedNothing ? 'Budgets cannot be judged: nothing it bills could be counted.' : 'No budget for this target (chatops.yml cost.budgets).'];
  const blocks: types.KnownBlock[] = [section(head.join('\n')), section(budget.join('\n'))];
  const top = topLines(report.kind, report.top);
  if (top.length > 0) blocks.push(section(top.join('\n')));
  const models = modelLines(report.models, report.moreModels);
  if (models.length > 0) blocks.push(section(models.join('\n')));
  // A context block holds at most 10 elements.
  const notes = [...report.notes, report.coverage].slice(0, 10);
  blocks.push({ type: 'context', elements: notes.map((note) => ({ type: 'mrkdwn', text: truncate(note, 2000) })) });
  return blocks;
}

export function reportMessage(reports: readonly TargetReport[], failures: ReadonlyArray<{ target: string; error: string }>, actuals?: string): ReplyMessage {
  const blocks: types.KnownBlock[] = [];
  for (const report of reports) {
    if (blocks.length > 0) blocks.push({ type: 'divider' });
    blocks.push(...reportBlocks(report));
  }
  for (const failure of failures) blocks.push(section(`:x: *${failure.target}*: the cost could not be read: ${plain(failure.error, 400)}`));
  if (actuals) blocks.push(section(`${actuals}\nEstimated here for the same span: *${usd(reports.reduce((sum, report) => sum + report.spent.total, 0))}* across ${reports.map((r) => r.target).join(', ')}.`));
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: 'Estimates from the warehouse\'s own usage and chatops.yml prices; the AWS bill is the final word.' }] });
  const text = reports.map((report) => `${report.target}: ${report.countedNothing ? 'not counted' : usd(report.spent.total)} ${PERIOD_WORDS[report.period]}`).concat(failures.map((f) => `${f.target}: failed`)).join('; ');
  return { text: `Cost — ${text}`, blocks: blocks.slice(0, 50) };
}
