import { REQUEST_KIND, type ApprovalRequest } from '../../src/approvals/types';
import { executorKey } from '../../src/approvals/workflow';
import type { AccessDetails } from '../../src/features/access/details';
import { GRANT_KIND, grantIdFor, type GrantRecord } from '../../src/features/access/grants';
import { JOB_KIND, jobIdFor } from '../../src/jobs/queue';
import { statement } from '../../src/redshift/sql';
import type { AuditRecord } from '../../src/store/store';
import { accessYaml } from './config';
import { startWarehouseBot, twoTargetsYaml, type WarehouseBot } from './warehouse-bot';

export const APPROVALS = 'C0APPROVALS';
export const ALICE = 'U0ANALYST';
export const BOB = 'U0APPROVER';
export const MIN = 60_000;

/** One PII role on prod, approved by bob, for alice. */
export const piiYaml = `${twoTargetsYaml}${accessYaml({ pii_users: 'prod' }, 'defaultDuration: 1h')}`;

/** The warehouse bot with the access steps tests need: ask, approve, sweep, look. */
export interface AccessBot {
  bot: WarehouseBot;
  /** Alice asks; bob approves through the workflow; the executor has run. Returns the request and grant ids. */
  grantPii(duration?: string): Promise<{ requestId: string; grantId: string }>;
  /** Opens the request without approving it. */
  ask(duration?: string): Promise<string>;
  approve(requestId: string): Promise<void>;
  /** One `access.expire` sweep at the clock's current time, and the jobs it starts. */
  sweep(): Promise<void>;
  grant(grantId: string): Promise<{ data: GrantRecord; dueAt?: number; version: number }>;
  request(requestId: string): Promise<ApprovalRequest<AccessDetails>>;
  audit(): Promise<AuditRecord[]>;
  /** Whether alice holds pii_users on prod, as a superuser sees it. */
  aliceHolds(): Promise<boolean>;
  /** The texts in the approval message's thread. */
  thread(requestId: string): Promise<string[]>;
}

export async function startAccessBot(yaml = piiYaml): Promise<AccessBot> {
  const bot = await startWarehouseBot(yaml);
  const ports = () => bot.server.chatops.ports;
  const request = async (id: string) => (await ports().approvals.get(id)) as ApprovalRequest<AccessDetails>;
  const executorDone = async (requestId: string) => {
    const job = await ports().store.get<{ status: string }>(JOB_KIND, jobIdFor(executorKey(requestId)));
    return job !== undefined && (job.data.status === 'succeeded' || job.data.status === 'failed');
  };
  const ask = async (duration = '30m') => {
    const before = new Set((await ports().store.list(REQUEST_KIND, { limit: 1000 })).items.map((item) => item.id));
    await bot.command(`access request pii_users ${duration} ticket 14`);
    await bot.settle();
    const added = (await ports().store.list(REQUEST_KIND, { limit: 1000 })).items.find((item) => !before.has(item.id));
    if (!added) throw new Error('no request was opened');
    return added.id;
  };
  const approve = async (requestId: string) => {
    const decided = await ports().approvals.decide(requestId, BOB, 'approve', {}, bot.server.chatops.slack);
    if (!decided.ok) throw new Error(`not approved: ${decided.refusal}`);
    const end = Date.now() + 10_000;
    while (!(await executorDone(requestId))) {
      if (Date.now() > end) throw new Error('the executor did not finish');
      await bot.settle();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await bot.settle();
  };
  return {
    bot,
    ask,
    approve,
    async grantPii(duration = '30m') {
      const requestId = await ask(duration);
      await approve(requestId);
      return { requestId, grantId: grantIdFor(requestId) };
    },
    async sweep() {
      const task = bot.server.chatops.tasks['access.expire'];
      if (!task) throw new Error('the app has no access.expire task');
      const schedule = bot.config.schedules.find((s) => s.task === 'access.expire') ?? bot.config.schedules[0];
      await task({ schedule, occurrence: bot.clock.now() });
      await bot.settle();
    },
    async grant(grantId) {
      const item = await ports().store.get<GrantRecord>(GRANT_KIND, grantId);
      if (!item) throw new Error(`no grant ${grantId}`);
      return item;
    },
    request,
    async audit() {
      return (await ports().store.listAudit({ from: 0, to: Date.parse('2100-01-01'), limit: 10_000 })).items;
    },
    async aliceHolds() {
      const rows = await ports().sql.execute(
        bot.config.targets.prod,
        statement('SELECT 1 AS held FROM svv_user_grants WHERE user_name = :u AND role_name = :r', { u: 'alice', r: 'pii_users' }),
      );
      return rows.rows.length > 0;
    },
    async thread(requestId) {
      const ts = (await request(requestId)).approvalMessage?.ts;
      return ts ? bot.slack.messages.thread(APPROVALS, ts).map((m) => m.text ?? '') : [];
    },
  };
}
