import type { App, types } from '@slack/bolt';
// zod/mini: the picker's value is read on the ack path (Lambda's `slack` function).
import * as z from 'zod/mini';
import { formatUtc } from '../../approvals/text';
import type { TaskRun } from '../../jobs/scheduler';
import { failureRecord } from '../shared/failure';
import type { AppPorts, WorkContext } from '../types';
import { LIFECYCLE_KIND } from './calls';
import { DEFER_ACTION } from './ids';
import { safeJson } from '../shared/json';
import { proceed } from './open';
import { permitted } from './permission';
import { shortKey } from '../shared/short-key';
import type { LifecycleOperation } from './types';
import { bestEffort } from '../../slack/best-effort';

/** Maintenance opening within this long is announced. */
export const NOTICE_WINDOW_MS = 24 * 3_600_000;
/** ModifyClusterMaintenance defers at most 60 days. */
export const DEFER_CHOICES = [1, 7, 14, 30, 60] as const;

/** Whether a cluster's next maintenance is worth a notice now (pure). */
export function maintenanceDue(next: Date | undefined, now: number): boolean {
  return next !== undefined && next.getTime() > now && next.getTime() - now <= NOTICE_WINDOW_MS;
}

export function maintenanceNotice(target: string, cluster: string, next: Date, now: number, window: string | undefined) {
  const hours = Math.max(1, Math.round((next.getTime() - now) / 3_600_000));
  const text = `:wrench: Maintenance of *${target}* (\`${cluster}\`) starts at ${formatUtc(next.getTime())}, in about ${hours} hour${hours === 1 ? '' : 's'}${window ? ` (window \`${window}\`)` : ''}. The cluster may restart; defer it if that is a bad time.`;
  const blocks: types.KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text } },
    {
      type: 'actions',
      block_id: 'lifecycle_defer',
      elements: [
        {
          type: 'static_select',
          action_id: DEFER_ACTION,
          placeholder: { type: 'plain_text', text: 'Defer maintenance…' },
          options: DEFER_CHOICES.map((days) => ({
            text: { type: 'plain_text' as const, text: `Defer ${days} day${days === 1 ? '' : 's'}` },
            value: JSON.stringify({ t: target, d: days }),
          })),
          confirm: {
            title: { type: 'plain_text', text: 'Defer maintenance?' },
            text: {
              type: 'mrkdwn',
              text: `Maintenance of *${target}* moves out by the days you chose (at most 60), after approval per policies.maintenance.`,
            },
            confirm: { type: 'plain_text', text: 'Defer' },
            deny: { type: 'plain_text', text: 'Cancel' },
          },
        },
      ],
    },
  ];
  return { text, blocks };
}

/** The `lifecycle.maintenance` task: one notice per cluster and maintenance start, in the alerts channel. */
export async function checkMaintenance(context: WorkContext, run: TaskRun): Promise<string[]> {
  const announced: string[] = [];
  const now = context.clock.now();
  const targets = run.schedule.targets ?? Object.keys(context.config.targets);
  for (const name of targets) {
    const target = context.config.targets[name];
    if (!target || target.kind !== 'provisioned') continue;
    try {
      const status = await context.warehouses.get(name).status();
      if (!maintenanceDue(status.nextMaintenance, now) || !status.nextMaintenance) continue;
      const next = status.nextMaintenance;
      // Claimed first: a doubled run or a retry posts each notice once.
      if (
        !(await context.store.create(
          LIFECYCLE_KIND,
          `maintenance:${name}:${next.getTime()}`,
          { at: now },
          { expiresAt: next.getTime() + NOTICE_WINDOW_MS },
        ))
      )
        continue;
      const notice = maintenanceNotice(name, target.cluster, next, now, status.maintenanceWindow);
      const posted = await context.slack.chat.postMessage({
        channel: context.config.channels.alerts,
        text: notice.text,
        blocks: notice.blocks,
      });
      await context.store.appendAudit({
        actor: 'system',
        action: 'lifecycle.maintenance.notice',
        target: name,
        input: { next: next.toISOString() },
        result: { channel: posted.channel, ts: posted.ts },
      });
      announced.push(name);
    } catch (error) {
      // One cluster AWS would not describe must not hide the others' notices.
      context.log(`lifecycle.maintenance: ${name}: ${error instanceof Error ? error.message : String(error)}`);
      await context.store.appendAudit({
        actor: 'system',
        action: 'lifecycle.maintenance.failed',
        target: name,
        result: failureRecord(error),
      });
    }
  }
  return announced;
}

const choiceSchema = z.object({ t: z.string(), d: z.number().check(z.int(), z.gte(1), z.lte(60)) });

/** A defer picked in a notice: checked for the picker (policy, target, 1–60 days), then run or sent for approval. */
export function registerDefer(app: App, ports: AppPorts): void {
  app.action(DEFER_ACTION, async ({ ack, body, action, respond }) => {
    await ack();
    if (body.type !== 'block_actions' || action.type !== 'static_select') return;
    const user = body.user.id;
    const say = (text: string) =>
      bestEffort(
        'the answer to a defer choice',
        () => respond({ response_type: 'ephemeral', replace_original: false, text }),
        (m) => ports.logger.warn(`lifecycle: ${m}`),
      );
    const choice = choiceSchema.safeParse(safeJson(action.selected_option?.value));
    const target =
      choice.success && Object.prototype.hasOwnProperty.call(ports.config.targets, choice.data.t)
        ? ports.config.targets[choice.data.t]
        : undefined;
    if (!choice.success || !target || target.kind !== 'provisioned') {
      await say(':warning: That choice no longer matches chatops.yml (unknown cluster, or not 1–60 days). Nothing was changed.');
      return;
    }
    const decision = await permitted(ports, 'maintenance', user, choice.data.t, { deferDays: choice.data.d });
    if (!decision.allowed) {
      await say(`:no_entry: ${decision.message} Nothing was changed.`);
      return;
    }
    const alert = body.message && body.channel ? { channel: body.channel.id, ts: body.message.ts } : undefined;
    const operation: LifecycleOperation = {
      action: 'maintenance',
      target: choice.data.t,
      requester: user,
      // Per notice and choice: picking the same again is the same request.
      key: shortKey(`defer:${choice.data.t}:${alert?.ts ?? body.trigger_id}:${choice.data.d}`),
      channelId: body.channel?.id ?? user,
      ...(body.response_url ? { replyTo: { responseUrl: body.response_url } } : {}),
      deferDays: choice.data.d,
      ...(alert ? { alert } : {}),
    };
    const next = await proceed(ports, operation, decision.approvalsRequired);
    await say(
      next === 'running'
        ? `:calendar: Deferring maintenance of *${choice.data.t}* by ${choice.data.d} days…`
        : `:hourglass_flowing_sand: Asking approvers to defer maintenance of *${choice.data.t}* by ${choice.data.d} days…`,
    );
  });
}
