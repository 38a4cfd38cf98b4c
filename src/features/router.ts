import type { App } from '@slack/bolt';
import { parseCommand } from '../commands/parse';
import { slashCommand } from '../commands/grammar';
import type { Verb } from '../commands/types';
import { deadlineAck } from './ack-deadline';
import { plannedCapabilities } from './catalog';
import { failureText } from './shared/failure';
import { SLACK_BUSY_TEXT, SlackBusyError } from '../slack/fail-fast';
import { grammarContext } from './help/help-feature';
import type { AppPorts, CommandReply, Feature } from './types';

/** The one `/redshift` listener: text -> typed command -> the feature that owns the verb. */
export function registerRouter(app: App, features: readonly Feature[], ports: AppPorts): void {
  const byVerb = new Map<Verb, Feature>();
  for (const feature of features) for (const verb of feature.verbs) byVerb.set(verb, feature);

  app.command(slashCommand, async ({ command, ack, respond, client }) => {
    const reply = (message: CommandReply) => ack({ response_type: 'ephemeral', ...message } as Parameters<typeof ack>[0]);
    const parsed = parseCommand(command.text, grammarContext(ports.config));
    if (!parsed.ok) {
      await reply({ text: parseErrorText(parsed) });
      return;
    }
    const feature = byVerb.get(parsed.command.verb);
    if (!feature) {
      await reply({ text: notBuiltText(parsed.command.verb) });
      return;
    }
    // Acked by the deadline if the feature is still waiting (e.g. on a rate-limited Web API call).
    const deadline = deadlineAck(
      (message) => (message ? reply(message) : ack()),
      (message) => respond({ response_type: 'ephemeral', replace_original: true, ...message } as Parameters<typeof respond>[0]),
    );
    try {
      await feature.handle({
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
      if (!deadline.acked() || deadline.heldByDeadline()) await deadline.ack({ text }).catch(() => undefined);
      else await respond({ response_type: 'ephemeral', text }).catch(() => undefined);
    } finally {
      await deadline.done();
    }
  });
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
