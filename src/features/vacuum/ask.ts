import { checkPolicy } from '../../approvals/policy';
import type { AppPorts } from '../types';
import { PLAN_JOB, type PlanJob, type RunAsk } from './plan';

/** policies.vacuum for this user, checked on every command and every click; a refusal is audited and comes back as its words. */
export async function vacuumPolicy(
  ports: AppPorts,
  user: string,
  target: string,
  table: string,
  refusedAction: string,
): Promise<{ ok: true; approvalsRequired: number } | { ok: false; text: string }> {
  const decision = await checkPolicy('vacuum', ports.config.policies.vacuum, user, ports.people);
  if (decision.allowed) return { ok: true, approvalsRequired: decision.approvalsRequired };
  await ports.store.appendAudit({ actor: user, action: refusedAction, target, input: { table }, result: { reason: decision.message } });
  return { ok: false, text: `:no_entry: ${decision.message}` };
}

/** A `vacuum run`, typed or clicked: the policy, then the plan job. Returns what to tell the asker. */
export async function askToRun(ports: AppPorts, ask: RunAsk): Promise<string> {
  const name = `${ask.schema}.${ask.table}`;
  const policy = await vacuumPolicy(ports, ask.userId, ask.target, name, 'vacuum.refused');
  if (!policy.ok) return policy.text;
  const job: PlanJob = { ...ask, approvalsRequired: policy.approvalsRequired, approvers: ports.config.policies.vacuum.approvers };
  await ports.jobs.enqueue({ idempotencyKey: ask.requestKey, type: PLAN_JOB, payload: job, actor: ask.userId });
  return policy.approvalsRequired > 0
    ? `:broom: Looking at \`${name}\` on *${ask.target}*; policies.vacuum asks for ${policy.approvalsRequired} approval(s), so the request goes to the approvers next.`
    : `:broom: Looking at \`${name}\` on *${ask.target}* to choose the VACUUM it needs; it starts right after, or waits its turn if another VACUUM is running there.`;
}
