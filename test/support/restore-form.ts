import type { IncomingMessage } from 'node:http';
import { CreateClusterSnapshotCommand } from '@aws-sdk/client-redshift';
import { RESTORE_MODAL, type RestoreField } from '../../src/features/backup/restore-form';
import { problemBlockId } from '../../src/features/backup/restore-views';
import { viewSubmission, viewValue, type JsonObject } from '../../src/sandbox/slack';
import { startWarehouseBot, type WarehouseBot } from './warehouse-bot';

/** Records every AWS operation the emulator is asked for, by name (pass `onRequest` to startWarehouseBot). */
export function operationLog(): { calls: string[]; onRequest: (req: IncomingMessage, body: string) => void } {
  const calls: string[] = [];
  return {
    calls,
    onRequest: (req, body) => {
      const target = req.headers['x-amz-target'];
      calls.push(typeof target === 'string' ? (target.split('.').pop() ?? '') : (new URLSearchParams(body).get('Action') ?? ''));
    },
  };
}

/** Polls until `check` holds; listeners go on after their ack, so tests wait for what they do. */
export async function waitFor(check: () => boolean | Promise<boolean>, what: string, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A bot on the emulator whose prod cluster has an available snapshot `before-cleanup`. */
export async function startBotWithSnapshot(configYaml: string): Promise<WarehouseBot> {
  const bot = await startWarehouseBot(configYaml);
  await bot.clients
    .redshift()
    .send(new CreateClusterSnapshotCommand({ ClusterIdentifier: 'analytics-prod', SnapshotIdentifier: 'before-cleanup' }));
  await bot.tick(45_000);
  return bot;
}

/** `/redshift restore <target>` as `user`, and the form once its job filled it in. */
export async function openRestoreForm(bot: WarehouseBot, target: string, user: string): Promise<JsonObject> {
  const before = bot.slack.views.all().length;
  await bot.command(`restore ${target}`, user);
  await bot.settle();
  await waitFor(
    () => bot.slack.views.all().length > before && JSON.stringify(bot.slack.views.latest()).includes('"block_id":"source"'),
    'the form',
  );
  return bot.slack.views.latest() as JsonObject;
}

/** The values of the form's source options (`snapshot:<id>`, `recovery-point:<id>`). */
export function sourceOptions(view: JsonObject): string[] {
  const source = (view.blocks as JsonObject[]).find((b) => b.block_id === 'source') as { element: { options: Array<{ value: string }> } };
  return source.element.options.map((o) => o.value);
}

export interface RestoreFormInput {
  source: string;
  database?: string;
  schema: string;
  table: string;
  newTable?: string;
  targetSchema?: string;
}

/** The restore form's fields, each with the block under it that shows a problem the live checks found. */
const FIELDS: readonly RestoreField[] = ['source', 'database', 'schema', 'table', 'new_table', 'target_schema'];

/** The problems a redrawn form shows under its fields (views.update cannot set field errors), by field. */
export function shownProblems(view: JsonObject | undefined): Record<string, string> | undefined {
  const blocks = (view?.blocks ?? []) as Array<{ block_id?: string; elements?: Array<{ text?: string }> }>;
  const problems: Record<string, string> = {};
  for (const field of FIELDS) {
    const text = blocks.find((block) => block.block_id === problemBlockId(field))?.elements?.[0]?.text;
    if (text !== undefined) problems[field] = text.replace(/^⚠ /, '');
  }
  return Object.keys(problems).length > 0 ? problems : undefined;
}

/** The values of a submission of the restore form. */
export function restoreFormValues(form: RestoreFormInput) {
  return {
    source: { value: viewValue.staticSelect(form.source) },
    database: { value: viewValue.plainText(form.database ?? 'dev') },
    schema: { value: viewValue.plainText(form.schema) },
    table: { value: viewValue.plainText(form.table) },
    new_table: { value: viewValue.plainText(form.newTable ?? null) },
    target_schema: { value: viewValue.plainText(form.targetSchema ?? null) },
  };
}

/**
 * Submits the form and waits for its check job; returns the problems found, or undefined when it was
 * accepted. They come from either place: the submission's `errors` (checks that need no AWS call) or
 * the form the job redrew with each live problem under its field. An accepted submission is acked
 * with the "checking" view (asserted here).
 */
export async function submitRestoreForm(
  bot: WarehouseBot,
  view: JsonObject,
  form: RestoreFormInput,
  user: string,
): Promise<Record<string, string> | undefined> {
  const viewId = String(view.id);
  const before = bot.slack.views.get(viewId)?.hash;
  const response = await bot.requester.send(
    viewSubmission({ userId: user, callbackId: RESTORE_MODAL, view, values: restoreFormValues(form) }),
  );
  const json = response.json as { response_action?: string; errors?: Record<string, string>; view?: JsonObject } | undefined;
  if (json?.response_action === 'errors') {
    await bot.settle();
    return json.errors;
  }
  if (json?.response_action !== 'update' || !JSON.stringify(json.view).includes(':hourglass_flowing_sand: Checking')) {
    throw new Error(`the submission was not acked with the "checking" view: ${response.text}`);
  }
  await bot.settle();
  // Only a redraw made for this submission counts (the view's hash changes with every update).
  const after = bot.slack.views.get(viewId);
  return after !== undefined && after.hash !== before ? shownProblems(after) : undefined;
}
