import { slashCommand } from '../../commands/grammar';
import type { ChatopsConfig } from '../../config/chatops';
import { listOf } from '../../slack-text';
import { baselineOf } from './baseline';
import type { Baseline } from './types';

/** The targets with a `permissions` block in chatops.yml, in the order they are declared. */
export function baselineTargets(config: ChatopsConfig): string[] {
  return Object.keys(config.permissions).filter((target) => Object.prototype.hasOwnProperty.call(config.targets, target));
}

export function baselineFor(config: ChatopsConfig, target: string): Baseline | undefined {
  const declared = Object.prototype.hasOwnProperty.call(config.permissions, target) ? config.permissions[target] : undefined;
  return declared ? baselineOf(target, declared) : undefined;
}

/** What `grants check` says when there is nothing to check against. */
export function noBaselineText(config: ChatopsConfig, target: string | undefined): string {
  const declared = baselineTargets(config);
  if (target) {
    const others = declared.length > 0 ? ` Targets with one: ${listOf(declared)}.` : '';
    return `*${target}* has no \`permissions\` block in chatops.yml, so there is nothing to check it against. \`${slashCommand} grants baseline ${target}\` prints one from what the warehouse holds now.${others}`;
  }
  return `No target has a \`permissions\` block in chatops.yml yet. \`${slashCommand} grants baseline <target>\` prints one from what the warehouse holds now.`;
}

/** What a command that needs one target says when several are configured and none was named. */
export function nameATargetText(config: ChatopsConfig, usage: string): string {
  return `Name a target: \`${slashCommand} ${usage}\`. Targets: ${listOf(Object.keys(config.targets))}. Nothing was run.`;
}
