import type { IncomingMessage } from 'node:http';
import { RESTORE_MODAL } from '../../src/features/backup/restore-form';
import { viewSubmission, viewValue, type JsonObject } from '../../src/sandbox/slack';
import type { WarehouseBot } from './warehouse-bot';

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

/** `/redshift restore <target>` as `user`, and the form once its job filled it in. */
export async function openRestoreForm(bot: WarehouseBot, target: string, user: string): Promise<JsonObject> {
  const before = bot.slack.views.all().length;
  await bot.command(`restore ${target}`, user);
  await bot.settle();
  await waitFor(() => bot.slack.views.all().length > before && JSON.stringify(bot.slack.views.latest()).includes('"block_id":"source"'), 'the form');
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

/** Submits the form; returns the errors shown on its fields, or undefined when it was accepted. */
export async function submitRestoreForm(bot: WarehouseBot, view: JsonObject, form: RestoreFormInput, user: string): Promise<Record<string, string> | undefined> {
  const values = {
    source: { value: viewValue.staticSelect(form.source) },
    database: { value: viewValue.plainText(form.database ?? 'dev') },
    schema: { value: viewValue.plainText(form.schema) },
    table: { value: viewValue.plainText(form.table) },
    new_table: { value: viewValue.plainText(form.newTable ?? null) },
    target_schema: { value: viewValue.plainText(form.targetSchema ?? null) },
  };
  const response = await bot.requester.send(viewSubmission({ userId: user, callbackId: RESTORE_MODAL, view, values }));
  await bot.settle();
  const json = response.json as { response_action?: string; errors?: Record<string, string> } | undefined;
  return json?.response_action === 'errors' ? json.errors : undefined;
}
