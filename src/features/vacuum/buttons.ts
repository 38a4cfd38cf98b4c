import type { App, RespondFn, types } from '@slack/bolt';
import { bestEffort } from '../../slack/best-effort';
import { formatUtc } from '../../slack-text';
import { InvalidIdentifierError, normalizeIdentifier } from '../../redshift/sql';
import type { ReplyTo } from '../shared/reply';
import type { AppPorts } from '../types';
import { askToRun, vacuumPolicy } from './ask';
import { actionsBlockId, parseButtonValue, RUN_ACTION, SNOOZE_ACTION, snoozedNote, withoutButtons } from './blocks';
import { snooze } from './snooze';

const DAY_MS = 24 * 3_600_000;

/** A button's table, checked as carefully as typed text: a known target and names Redshift could hold. */
function buttonTable(ports: AppPorts, raw: string | undefined): { target: string; schema: string; table: string } | undefined {
  const value = parseButtonValue(raw);
  if (!value || !ports.config.targets[value.t]) return undefined;
  try {
    return { target: value.t, schema: normalizeIdentifier(value.s, 'schema'), table: normalizeIdentifier(value.n, 'table') };
  } catch (error) {
    if (error instanceof InvalidIdentifierError) return undefined;
    throw error;
  }
}

type ButtonTable = { target: string; schema: string; table: string };
type Clicked = {
  user: string;
  channelId: string;
  replyTo: ReplyTo;
  clickKey: string;
  blocks?: (types.KnownBlock | types.Block)[];
  text?: string;
};

/** A Run or Snooze click: acked, its table checked as carefully as typed text, then `handle`; every click ends with a word to the clicker. */
function onTableButton(
  app: App,
  ports: AppPorts,
  actionId: string,
  handle: (table: ButtonTable, clicked: Clicked, say: (text: string) => Promise<unknown>, respond: RespondFn) => Promise<void>,
): void {
  app.action(actionId, async ({ ack, body, action, respond }) => {
    await ack();
    if (body.type !== 'block_actions' || action.type !== 'button') return;
    const say = (text: string) =>
      bestEffort(
        'the answer to a table button',
        () => respond({ response_type: 'ephemeral', replace_original: false, text }),
        (m) => ports.logger.warn(`vacuum: ${m}`),
      );
    const table = buttonTable(ports, action.value);
    if (!table)
      return void (await say(
        ':warning: This button no longer names a table I know; run `/redshift vacuum check` again. Nothing was done.',
      ));
    const user = body.user.id;
    const channelId = body.channel?.id ?? user;
    const clicked: Clicked = {
      user,
      channelId,
      replyTo: body.response_url ? { responseUrl: body.response_url } : { channel: channelId, user },
      clickKey: 'action_ts' in action ? action.action_ts : body.trigger_id,
      // The clicked message is the bot's own, sent back by Slack (its blocks come untyped).
      blocks: Array.isArray(body.message?.blocks) ? body.message.blocks : undefined,
      text: body.message?.text,
    };
    await handle(table, clicked, say, respond);
  });
}

/** Run and Snooze, in `vacuum check` answers and in the weekly reminder. */
export function registerButtons(app: App, ports: AppPorts): void {
  onTableButton(app, ports, RUN_ACTION, async (table, clicked, say) => {
    const key = `vacuum-click:${table.target}:${table.schema}.${table.table}:${clicked.clickKey}`;
    await say(
      await askToRun(ports, { ...table, userId: clicked.user, channelId: clicked.channelId, replyTo: clicked.replyTo, requestKey: key }),
    );
  });

  onTableButton(app, ports, SNOOZE_ACTION, async (table, clicked, say, respond) => {
    const name = `${table.schema}.${table.table}`;
    const policy = await vacuumPolicy(ports, clicked.user, table.target, name, 'vacuum.snooze.refused');
    if (!policy.ok) return void (await say(policy.text));
    const until = ports.clock.now() + ports.config.vacuum.snoozeDays * DAY_MS;
    await snooze(ports.store, { ...table, by: clicked.user, until });
    await ports.store.appendAudit({
      actor: clicked.user,
      action: 'vacuum.snooze',
      target: table.target,
      input: { table: name },
      result: { until: new Date(until).toISOString() },
    });
    if (clicked.blocks) {
      const blocks = withoutButtons(
        clicked.blocks,
        actionsBlockId(table.target, table.schema, table.table),
        snoozedNote(clicked.user, until),
      );
      await bestEffort(
        'the redraw of the snoozed table',
        () => respond({ replace_original: true, text: clicked.text ?? 'Table health', blocks }),
        (m) => ports.logger.warn(`vacuum: ${m}`),
      );
    }
    await say(`:zzz: \`${name}\` on *${table.target}* is left out of checks and reminders until ${formatUtc(until)}.`);
  });
}
