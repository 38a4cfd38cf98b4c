import type { App } from '@slack/bolt';
import { parseCommand } from '../commands/parse';
import { slashCommand } from '../commands/grammar';
import { verbs, type Verb } from '../commands/types';
import { deadlineAck } from './ack-deadline';
import { plannedCapabilities } from './catalog';
import { failureText } from './shared/failure';
import { bestEffort } from '../slack/best-effort';
import { SLACK_BUSY_TEXT, SlackBusyError } from '../slack/fail-fast';
import { grammarContext } from './shared/grammar-context';
import type { AppPorts, CommandContext, CommandOf, CommandReply, CommandTable, Feature } from './types';

/** The one `/redshift` listener: text -> typed command -> the feature that owns the verb. */
export function registerRouter(app: App, features: readonly Feature[], ports: AppPorts): void {
  const table = commandTable(features);

  app.command(slashCommand, async ({ command, ack, respond, client }) => {
    const reply = (message: CommandReply) => ack({ response_type: 'ephemeral', ...message });
    const parsed = parseCommand(command.text, grammarContext(ports.config));
    if (!parsed.ok) {
      await reply({ text: parseErrorText(parsed) });
      return;
    }
    if (!table[parsed.command.verb]) {
      await reply({ text: notBuiltText(parsed.command.verb) });
      return;
    }
    // Acked by the deadline if the feature is still waiting (e.g. on a rate-limited Web API call).
    const deadline = deadlineAck(
      (message) => (message ? reply(message) : ack()),
      (message) => respond({ response_type: 'ephemeral', replace_original: true, ...message }),
    );
    try {
      await dispatch(table, {
        command: parsed.command,
        missing: parsed.missing,
        userId: command.user_id,
        teamId: command.team_id,
        channelId: command.channel_id,
        triggerId: command.trigger_id,
        responseUrl: command.response_url,
        requestKey: `command:${command.team_id}:${command.trigger_id}`,
        ack: deadline.ack,
        respond,
        client,
        ports,
      });
    } catch (error) {
      // Nothing was recorded or started (the store or Slack failed first): say so instead of going silent.
      if (error instanceof SlackBusyError) ports.logger.warn(`/redshift ${parsed.command.verb}: ${error.message}`);
      else ports.logger.error(`/redshift ${parsed.command.verb} failed`, error);
      const text =
        error instanceof SlackBusyError
          ? `${SLACK_BUSY_TEXT} Nothing was run.`
          : `:x: \`${slashCommand} ${parsed.command.verb.replace('.', ' ')}\` could not be started: ${failureText(error)}. Nothing was run; try again.`;
      const log = (message: string) => ports.logger.warn(`/redshift ${parsed.command.verb}: ${message}`);
      if (!deadline.acked() || deadline.heldByDeadline())
        await bestEffort('the ack saying nothing was run', () => deadline.ack({ text }), log);
      else await bestEffort('the reply saying nothing was run', () => respond({ response_type: 'ephemeral', text }), log);
    } finally {
      await deadline.done();
    }
  });
}

/** Every feature's handlers in one table; a later feature's handler replaces an earlier one's for the same verb. */
export function commandTable(features: readonly Feature[]): CommandTable {
  const table: { -readonly [K in Verb]?: CommandTable[K] } = {};
  const take = <V extends Verb>(from: CommandTable, verb: V) => {
    const handler = from[verb];
    if (handler) table[verb] = handler;
  };
  for (const feature of features) for (const verb of verbs) take(feature.commands, verb);
  return table;
}

/** Hands a command to the handler of its verb, which receives it already narrowed to that verb. */
async function dispatch<V extends Verb>(table: CommandTable, context: CommandContext<CommandOf<V>>): Promise<void> {
  const handler = table[context.command.verb];
  if (handler) await handler(context);
}

function parseErrorText(error: { error: string; usage: string; suggestion?: string }): string {
  const lines = [`:warning: ${error.error}`];
  if (error.suggestion) lines.push(`Did you mean \`${error.suggestion}\`?`);
  else lines.push(`Usage: \`${error.usage}\``);
  lines.push('`/redshift help` lists every command.');
  return lines.join('\n');
}

function notBuiltText(verb: Verb): string {
  const words = `${slashCommand} ${verb.replace('.', ' ')}`;
  const capability = plannedCapabilities[verb] ?? 'this capability';
  return `\`${words}\` is not available in this version yet: ${capability} is still being built. Nothing was run. \`${slashCommand} help\` lists every command.`;
}
