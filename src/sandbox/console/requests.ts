import * as z from 'zod';
import type { ActionRequest, ClockRequest, CommandRequest, SqlRequest, SubmitRequest, SuggestRequest, ViewValues } from './types';

/** A request body that is not what the endpoint takes: a 400 naming the field. */
export class RequestError extends Error {}

const id = z.string().min(1).max(200);
const jsonValue: z.ZodType<unknown> = z.unknown();
const viewValues = z.record(z.string(), z.record(z.string(), z.record(z.string(), jsonValue)));

const command = z.object({ user: id, channel: id, text: z.string().max(4000) });
const action = z.object({
  user: id,
  actionId: id,
  blockId: id.optional(),
  value: z.string().max(2000).optional(),
  selectedOption: z.object({ value: z.string().max(2000), text: z.string().max(2000) }).optional(),
  channel: id.optional(),
  messageTs: id.optional(),
  ephemeral: z.boolean().optional(),
  viewId: id.optional(),
  values: viewValues.optional(),
});
const submit = z.object({ user: id, viewId: id, values: viewValues });
const close = z.object({ user: id, viewId: id });
const suggest = z.object({ user: id, actionId: id, blockId: id.optional(), value: z.string().max(200), viewId: id.optional(), channel: id.optional(), messageTs: id.optional() });
const sql = z.object({ target: id, dbUser: id, sql: z.string().min(1).max(100_000) });
// Up to a year at once: enough for any expiry or monthly digest, small enough to stay meaningful.
const clock = z.object({ advanceMs: z.number().int().positive().max(366 * 24 * 3_600_000) });

function parser<T>(schema: z.ZodType<unknown>) {
  return (body: unknown): T => {
    const result = schema.safeParse(body);
    if (!result.success) throw new RequestError(result.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; '));
    return result.data as T;
  };
}

export const parseCommandRequest = parser<CommandRequest>(command);
export const parseActionRequest = parser<ActionRequest & { values?: ViewValues }>(action);
export const parseSubmitRequest = parser<SubmitRequest>(submit);
export const parseCloseRequest = parser<{ user: string; viewId: string }>(close);
export const parseSuggestRequest = parser<SuggestRequest>(suggest);
export const parseSqlRequest = parser<SqlRequest>(sql);
export const parseClockRequest = parser<ClockRequest>(clock);
