import type { App } from '@slack/bolt';
// zod/mini: button values are read on the ack path (Lambda's `slack` function).
import * as z from 'zod/mini';
import { bestEffort } from '../../slack/best-effort';
import type { AppPorts } from '../types';
import { CONFIRM_ACTION } from './ids';
import { safeJson } from '../shared/json';
import { proceed } from './open';
import { permitted } from './permission';
import type { LifecycleOperation } from './types';

const tokenSchema = z.object({ a: z.enum(['pause', 'resume']), t: z.string(), k: z.string().check(z.regex(/^[0-9a-f]{16}$/)) });

/** The preview's Confirm: checked again for whoever clicks (policy, target), then run or sent for approval, once. */
export function registerConfirm(app: App, ports: AppPorts): void {
  app.action(CONFIRM_ACTION, async ({ ack, body, action, respond }) => {
    await ack();
    if (body.type !== 'block_actions' || action.type !== 'button') return;
    const say = (text: string, replace = false) =>
      bestEffort(
        'the answer to a Confirm click',
        () => respond({ response_type: 'ephemeral', replace_original: replace, text }),
        (m) => ports.logger.warn(`lifecycle: ${m}`),
      );
    const token = tokenSchema.safeParse(safeJson(action.value));
    const user = body.user.id;
    if (!token.success || !Object.prototype.hasOwnProperty.call(ports.config.targets, token.data.t)) {
      await say(
        ':warning: This button no longer matches chatops.yml (unknown target). Nothing was run; ask again with `/redshift pause <target>`.',
      );
      return;
    }
    const { a: verb, t: target, k: key } = token.data;
    const decision = await permitted(ports, verb, user, target, { key, via: 'confirm' });
    if (!decision.allowed) {
      await say(`:no_entry: ${decision.message} Nothing was run.`);
      return;
    }
    const operation: LifecycleOperation = {
      action: verb,
      target,
      requester: user,
      key,
      channelId: body.channel?.id ?? user,
      ...(body.response_url ? { replyTo: { responseUrl: body.response_url } } : {}),
    };
    const next = await proceed(ports, operation, decision.approvalsRequired);
    await say(
      next === 'running'
        ? `:hourglass_flowing_sand: Confirmed: ${verb === 'pause' ? 'pausing' : 'resuming'} *${target}* now; progress follows in a thread.`
        : `:hourglass_flowing_sand: Confirmed: asking approvers to ${verb} *${target}*…`,
      true,
    );
  });
}
