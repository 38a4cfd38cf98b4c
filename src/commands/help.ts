/** `/redshift help`: the grammar table rendered as Slack mrkdwn, with this install's targets and roles. */
import { entryFor, grammar, slashCommand, usageLine, type GrammarEntry } from './grammar';
import { show } from './text';
import type { ParseContext, Verb } from './types';

/** `/redshift snapshot create [target] [retention-days]` */
export function usageFor(verb: Verb): string {
  return `${slashCommand} ${usageLine(entryFor(verb))}`;
}

/**
 * The entry's example as a full command, with a real target and role where the config has them;
 * beside a role, a target that role may be granted on.
 */
export function exampleFor(entry: GrammarEntry, context: ParseContext): string {
  const role = context.roles[0] ?? 'pii_users';
  const allowed = entry.example.includes('{role}') ? context.roleTargets?.[role] : undefined;
  const target = context.targets.find((name) => allowed?.includes(name) ?? true) ?? 'prod';
  return `${slashCommand} ${entry.example.replace('{target}', target).replace('{role}', role)}`;
}

function names(list: readonly string[]): string {
  return list.length === 0 ? '_none configured in chatops.yml_' : list.map(show).join(', ');
}

/** `pii_users` (prod, lake): each role with where it may be granted, when the config says. */
function roleNames(context: ParseContext): string {
  if (context.roles.length === 0) return names(context.roles);
  return context.roles
    .map((role) => {
      const targets = context.roleTargets?.[role];
      return targets ? `${show(role)} (${targets.join(', ')})` : show(role);
    })
    .join(', ');
}

/**
 * Every command with its grammar line, what it does and an example, grouped by section. With a
 * topic (`snapshot`, `access request`) only the matching commands; an unknown topic gets everything.
 */
export function helpText(context: ParseContext, topic?: string): string {
  const wanted = topic?.toLowerCase().trim();
  const matching = wanted ? grammar.filter((e) => `${e.words.join(' ')} `.startsWith(`${wanted} `)) : [];
  const entries = matching.length > 0 ? matching : grammar;

  const lines: string[] = [`*\`${slashCommand}\`: operate Amazon Redshift from Slack*`];
  let section = '';
  for (const entry of entries) {
    if (entry.section !== section) {
      section = entry.section;
      lines.push('', `*${section}*`);
    }
    lines.push(`• \`${slashCommand} ${usageLine(entry)}\`: ${entry.description}`);
    lines.push(`    _e.g._ \`${exampleFor(entry, context)}\``);
  }

  const onlyTarget = context.targets.length === 1 ? ` (the only one, so you may leave it out)` : '';
  lines.push(
    '',
    '`<argument>` is required: leave it out and a form asks for it. `[argument]` is optional.',
    '*Durations:* `30m`, `4h`, `2d` (minutes, hours, days).',
    `*Targets:* ${names(context.targets)}${onlyTarget}.`,
    `*Roles:* ${roleNames(context)}.`,
  );
  return lines.join('\n');
}
