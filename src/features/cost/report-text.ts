import { formatUtc, truncate } from '../../approvals/text';
import type { ResponseMessage } from '../../jobs/respond';
import { BUDGET_WORDS, formatBudgetAmount, type BudgetUse } from './budgets';
import { COMPONENT_LABELS, type Components } from './costs';
import { bytesText, hoursText, percentText, plain, usd } from './format';
import { PERIOD_WORDS } from './periods';
import { UNUSED_MODEL_DAYS, type ModelCost, type TargetReport } from './report';
import type { TopUsage } from './usage';

/** `/redshift cost` as Slack blocks (pure). */

const SECTION_CHARS = 2900;

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text: truncate(text, SECTION_CHARS) } });

export function componentLines(spent: Components & { spectrumMb: number; rpuHours: number; runningHours: number; pausedHours: number }): string[] {
  const lines: string[] = [];
  if (spent.nodes > 0 || spent.runningHours > 0) lines.push(`• ${COMPONENT_LABELS.nodes}: *${usd(spent.nodes)}* (${hoursText(spent.runningHours)} running)`);
  if (spent.serverless > 0) lines.push(`• ${COMPONENT_LABELS.serverless}: *${usd(spent.serverless)}* (${spent.rpuHours.toFixed(1)} RPU-hours)`);
  if (spent.spectrum > 0) lines.push(`• ${COMPONENT_LABELS.spectrum}: *${usd(spent.spectrum)}* (${bytesText(spent.spectrumMb * 1e6)} billed)`);
  if (spent.storage > 0 || spent.pausedHours > 0) lines.push(`• ${COMPONENT_LABELS.storage}: *${usd(spent.storage)}* (${hoursText(spent.pausedHours)} paused)`);
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

export function modelLines(models: readonly ModelCost[]): string[] {
  if (models.length === 0) return [];
  const lines = ['*ML models* (CREATE MODEL training, estimated)'];
  for (const model of models) {
    const idle = model.lastUsed === undefined ? 'no query has used it since training' : `not used in ${UNUSED_MODEL_DAYS} days`;
    const used = model.unused ? ` — :wastebasket: ${idle}; drop it with \`DROP MODEL ${plain(model.schema, 40)}.${plain(model.name, 60)}\` if nobody needs it` : '';
    lines.push(`• \`${plain(model.schema, 40)}.${plain(model.name, 60)}\` by \`${plain(model.owner, 40)}\`, trained ${plain(model.created, 12)}: ≈ *${usd(model.trainingUsd)}* (${model.trainCells.toLocaleString('en-US')} cells)${used}`);
  }
  return lines;
}

export function reportBlocks(report: TargetReport): unknown[] {
  const head = [
    `:moneybag: *${report.target}* (${report.kind}, ${plain(report.state, 20)}) — ${PERIOD_WORDS[report.period]}, since ${formatUtc(report.window.from)}: *${usd(report.spent.total)}* estimated`,
    ...componentLines(report.spent),
    `Month to date ${usd(report.monthToDate)}; projected month end *${usd(report.projection)}*.`,
  ];
  const budget = report.budget.length > 0 ? report.budget.map(budgetLine) : ['No budget for this target (chatops.yml cost.budgets).'];
  const blocks: unknown[] = [section(head.join('\n')), section(budget.join('\n'))];
  const top = topLines(report.kind, report.top);
  if (top.length > 0) blocks.push(section(top.join('\n')));
  const models = modelLines(report.models);
  if (models.length > 0) blocks.push(section(models.join('\n')));
  if (report.notes.length > 0) blocks.push({ type: 'context', elements: report.notes.map((note) => ({ type: 'mrkdwn', text: truncate(note, 2000) })) });
  return blocks;
}

export function reportMessage(reports: readonly TargetReport[], failures: ReadonlyArray<{ target: string; error: string }>, actuals?: string): ResponseMessage {
  const blocks: unknown[] = [];
  for (const report of reports) {
    if (blocks.length > 0) blocks.push({ type: 'divider' });
    blocks.push(...reportBlocks(report));
  }
  for (const failure of failures) blocks.push(section(`:x: *${failure.target}*: the cost could not be read: ${plain(failure.error, 400)}`));
  if (actuals) blocks.push(section(`${actuals}\nEstimated here for the same span: *${usd(reports.reduce((sum, report) => sum + report.spent.total, 0))}* across ${reports.map((r) => r.target).join(', ')}.`));
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: 'Estimates from the warehouse\'s own usage and chatops.yml prices; the AWS bill is the final word.' }] });
  const text = reports.map((report) => `${report.target}: ${usd(report.spent.total)} ${PERIOD_WORDS[report.period]}`).concat(failures.map((f) => `${f.target}: failed`)).join('; ');
  return { text: `Cost — ${text}`, blocks: blocks.slice(0, 50) };
}
