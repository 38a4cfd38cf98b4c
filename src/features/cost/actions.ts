import type { App, BlockAction, ButtonAction } from '@slack/bolt';
// zod/mini: button values are read on the ack path (Lambda's `slack` function).
import * as z from 'zod/mini';
import { checkPolicy } from '../../approvals/policy';
import { PREVIEW_JOB, type PreviewJob } from '../shared/lifecycle-preview';
import { shortKey } from '../shared/short-key';
import { safeJson } from '../shared/json';
import type { AppPorts } from '../types';
import { LIMIT_ACTION, PAUSE_ACTION } from './alert-text';
import { askForLimit, LIMIT_BREACH_ACTION, type UsageLimitOperation } from './usage-limit';
import { bestEffort } from '../../slack/best-effort';

const pauseSchema = z.object({ t: z.string() });
const limitSchema = z.object({
  t: z.string(),
  a: z.number().check(z.int(), z.minimum(1), z.maximum(1_000_000)),
  p: z.enum(['daily', 'weekly', 'monthly']),
});

/** Where a click's answers go: an ephemeral message to the clicker in the alert's channel. */
function replyTo(body: BlockAction) {
  return { channel: body.channel?.id ?? body.user.id, user: body.user.id };
}

/** The click's key: the alert message and the person, so a double click asks once. */
function clickKey(body: BlockAction, action: string): string {
  return shortKey(`cost:${action}:${body.container?.message_ts ?? body.actions[0]?.action_ts ?? ''}:${body.user.id}`);
}

type Kind = 'provisioned' | 'serverless';
type PolicyName = 'pause' | 'usageLimit';

interface ClickRules<T extends { t: string }> {
  schema: z.ZodMiniType<T>;
  /** The kind of target the button acts on; anything else is a stale button. */
  kind: Kind;
  policy: PolicyName;
  stale: string;
  /** Runs once the clicker passed the policy; returns what to tell them. */
  run(click: { user: string; target: string; value: T; body: BlockAction }): Promise<string>;
}

/** One alert button: ack, read its value, check the target and the clicker's policy, then act; refusals are ephemeral and audited. */
function onClick<T extends { t: string }>(app: App, ports: AppPorts, actionId: string, rules: ClickRules<T>): void {
  app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, action, client }) => {
    await ack();
    const user = body.user.id;
    const say = (text: string) =>
      bestEffort(
        'chat.postEphemeral of the answer to an alert button',
        () => client.chat.postEphemeral({ ...replyTo(body), text }),
        (m) => ports.logger.warn(`cost: ${m}`),
      );
    const value = rules.schema.safeParse(safeJson(action.value));
    const target =
      value.success && Object.prototype.hasOwnProperty.call(ports.config.targets, value.data.t)
        ? ports.config.targets[value.data.t]
        : undefined;
    if (!value.success || !target || target.kind !== rules.kind) {
      await say(`:warning: ${rules.stale}`);
      return;
    }
    const decision = await checkPolicy(rules.policy, ports.config.policies[rules.policy], user, ports.people);
    if (!decision.allowed) {
      await ports.store.appendAudit({
        actor: user,
        action: `cost.${rules.policy}.refused`,
        target: value.data.t,
        input: { via: 'cost alert' },
        result: { reason: decision.message },
      });
      await say(`:no_entry: ${decision.message} Nothing was run.`);
      return;
    }
    await say(await rules.run({ user, target: value.data.t, value: value.data, body }));
  });
}

/**
 * The alert buttons. Who may pause or set a limit is checked here for whoever clicks (the
 * alert was drawn for everyone); the pause goes through the lifecycle feature's own preview and
 * confirmation, the usage limit through policies.usageLimit's approvals.
 */
export function registerCostActions(app: App, ports: AppPorts): void {
  onClick(app, ports, PAUSE_ACTION, {
    schema: pauseSchema,
    kind: 'provisioned',
    policy: 'pause',
    stale: 'This button no longer matches chatops.yml (not a provisioned target). Nothing was run; use `/redshift pause <target>`.',
    async run({ user, target, body }) {
      const job: PreviewJob = { action: 'pause', target, requester: user, key: clickKey(body, PAUSE_ACTION), replyTo: replyTo(body) };
      await ports.jobs.enqueue({ idempotencyKey: `cost-pause:${job.key}`, type: PREVIEW_JOB, payload: job, actor: user });
      return `:mag: Looking at *${target}* before you pause it (the same checks as \`/redshift pause ${target}\`)…`;
    },
  });
  onClick(app, ports, LIMIT_ACTION, {
    schema: limitSchema,
    kind: 'serverless',
    policy: 'usageLimit',
    stale: 'This button no longer matches chatops.yml (not a Serverless target). Nothing was changed.',
    async run({ user, target, value, body }) {
      const operation: UsageLimitOperation = {
        target,
        spec: { amountRpuHours: value.a, period: value.p, breachAction: LIMIT_BREACH_ACTION },
        requester: user,
        key: clickKey(body, LIMIT_ACTION),
        replyTo: replyTo(body),
      };
      const next = await askForLimit(ports, operation, ports.config.policies.usageLimit.approvalsRequired);
      return next === 'running'
        ? `:hourglass_flowing_sand: Creating the usage limit on *${target}*…`
        : `:hourglass_flowing_sand: Asking approvers for the usage limit on *${target}*…`;
    },
  });
}
