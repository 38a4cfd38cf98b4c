import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CronExpressionParser } from 'cron-parser';
import { REQUEST_KIND, type ApprovalRequest } from '../../src/approvals/types';
import { GRANT_KIND, grantIdFor, type GrantRecord } from '../../src/features/access/grants';
import { statement } from '../../src/redshift/sql';
import { blockActions, slashCommand } from '../../src/sandbox/slack';
import { APPROVALS, startHarness, type Harness } from './harness';
import { accessYaml, minimalConfigYaml, sweepSchedulesYaml } from '../../test/support/config';
import { emptyTally, type Tally } from './tally';

const ALICE = 'U0ANALYST';
const BOB = 'U0APPROVER';

/** One target, one role one approver can grant, and the schedules of the example file (the sweep is access.expire). */
export const FAULTS_YAML = `${minimalConfigYaml}${accessYaml({ pii_users: 'prod' }, 'defaultDuration: 1h', 'reasonRequired: false')}${sweepSchedulesYaml('* * * * *')}`;

/** The sweep interval: the gap between two firings of the access.expire schedule. */
export function sweepIntervalMs(cron: string): number {
  const expression = CronExpressionParser.parse(cron, { tz: 'UTC' });
  const first = expression.next().getTime();
  return expression.next().getTime() - first;
}

/**
 * AWS faults through the emulator's fault injection: the Data API throttled during the GRANT (the
 * grant must still happen once AWS answers, and nothing may say "approved" for a grant that never
 * came), then 500s on every REVOKE until the fault clears. The revoke lag is how long the grant is
 * still held in SVV_USER_GRANTS after AWS answers again (bound: one sweep); the lag past the grant's
 * end is shown too.
 */
export async function faultsArea(small: boolean): Promise<Tally> {
  const tally = emptyTally('faults');
  const dir = mkdtempSync(join(tmpdir(), 'chatops-chaos-faults-'));
  const configPath = join(dir, 'chatops.yml');
  writeFileSync(configPath, FAULTS_YAML);
  const h = await startHarness({ configPath });
  try {
    const sweep = sweepIntervalMs(h.config.schedules.find((s) => s.task === 'access.expire')?.cron ?? '* * * * *');
    tally.notes.push(`sweep interval ${sweep / 1000} s (access.expire schedule)`);
    const faultMinutes = small ? [5] : [1, 3, 5, 10, 20];
    let worst = 0;
    for (const minutes of faultMinutes) {
      const lag = await oneGrant(h, tally, sweep, minutes * 60_000);
      if (lag !== undefined) worst = Math.max(worst, lag);
    }
    tally.revokeLagSeconds = worst;
  } finally {
    await h.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return tally;
}

async function holds(h: Harness): Promise<boolean> {
  const target = h.config.targets.prod;
  const sql = statement('SELECT 1 AS held FROM svv_user_grants WHERE user_name = :u AND role_name = :r', { u: 'alice', r: 'pii_users' });
  return (await h.server.chatops.ports.sql.execute(target, sql)).rows.length > 0;
}

/** One grant through a throttled GRANT and a failing REVOKE; returns seconds held after the REVOKE fault cleared. */
async function oneGrant(h: Harness, tally: Tally, sweep: number, faultMs: number): Promise<number | undefined> {
  tally.tried += 1;
  const ports = h.server.chatops.ports;
  const before = new Set((await ports.store.list<ApprovalRequest>(REQUEST_KIND, { limit: 1000 })).items.map((i) => i.data.id));
  await h.requester.send(
    slashCommand({ text: 'access request pii_users 1h ticket 1', userId: ALICE, responseUrl: h.slack.newResponseUrl({ userId: ALICE }) }),
  );
  await h.settle();
  const request = (await ports.store.list<ApprovalRequest>(REQUEST_KIND, { limit: 1000 })).items
    .map((i) => i.data)
    .find((r) => !before.has(r.id));
  if (!request?.approvalMessage) {
    tally.findings.push('the access request was not opened; nothing to measure');
    return undefined;
  }
  // The Data API throttles the GRANT for two sweeps: the grant must come once it answers again.
  h.aws.faults.inject({
    service: 'redshift-data',
    operation: 'ExecuteStatement',
    fault: { kind: 'throttle' },
    times: Infinity,
    when: (input) => /^\s*GRANT\b/i.test(String(input.Sql ?? '')),
  });
  const message = h.slack.messages.get(APPROVALS, request.approvalMessage.ts);
  const click = await h.requester.send(
    blockActions({
      userId: BOB,
      actionId: 'approval_approve',
      value: request.id,
      message: { ...message!, channel: APPROVALS },
      channelId: APPROVALS,
    }),
  );
  await h.settle();
  if (click.status !== 200) tally.findings.push(`the approving click was answered ${click.status}`);
  await h.sweep(sweep);
  await h.sweep(sweep);
  h.aws.faults.clear();
  let granted = await holds(h);
  for (let i = 0; i < 3 && !granted; i += 1) {
    await h.sweep(sweep);
    granted = await holds(h);
  }
  const status = (await ports.approvals.get(request.id))?.status;
  if (!granted) {
    tally.lost += 1;
    tally.findings.push(`approved (request ${status}) with the GRANT throttled for 2 sweeps: never granted after the fault cleared`);
    return undefined;
  }
  // Past the grant's end with every REVOKE failing for faultMs, then AWS answers again.
  h.aws.faults.inject({
    service: 'redshift-data',
    operation: 'ExecuteStatement',
    fault: { kind: 'internal' },
    times: Infinity,
    when: (input) => /^\s*REVOKE\b/i.test(String(input.Sql ?? '')),
  });
  const grantEnd = (await ports.store.get<GrantRecord>(GRANT_KIND, grantIdFor(request.id)))?.data.endsAt ?? h.clock.now() + 60 * 60_000;
  // Straight to the last sweep before the end (nothing is due in between), then sweep by sweep.
  if (grantEnd - sweep > h.clock.now()) await h.sweep(grantEnd - sweep - h.clock.now());
  while (h.clock.now() < grantEnd + faultMs) await h.sweep(sweep);
  h.aws.faults.clear();
  const cleared = h.clock.now();
  const limit = 30;
  for (let i = 0; i < limit && (await holds(h)); i += 1) await h.sweep(sweep);
  if (await holds(h)) {
    tally.findings.push(`a REVOKE failing for ${faultMs / 60_000} min: still held ${limit} sweeps after the fault cleared`);
    return (h.clock.now() - cleared) / 1000;
  }
  const lag = (h.clock.now() - cleared) / 1000;
  const pastEnd = (h.clock.now() - grantEnd) / 1000;
  tally.notes.push(`REVOKE failing ${faultMs / 60_000} min: held ${lag} s after the fault cleared, ${Math.round(pastEnd)} s past its end`);
  if (lag > sweep / 1000) tally.findings.push(`revoke lag ${lag} s after the fault cleared is over one sweep (${sweep / 1000} s)`);
  return lag;
}
