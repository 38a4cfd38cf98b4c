import { REQUEST_KIND, type ApprovalRequest } from '../../../src/approvals/types';
import { ACCESS_MODAL, ROLE_ACTION } from '../../../src/features/access/modal';
import { CREATE_MODAL } from '../../../src/features/backup/snapshot-create-form';
import { viewSubmission, viewValue, type JsonObject } from '../../../src/sandbox/slack';
import type { AuditRecord } from '../../../src/store/store';
import { operationLog } from '../../support/restore-form';
import { startWarehouseBot, twoTargetsYaml, type WarehouseBot } from '../../support/warehouse-bot';
import { accessYaml } from '../../support/config';

const ALICE = 'U0ANALYST';
const MINUTE = 60_000;

const yaml = `${twoTargetsYaml}${accessYaml({ pii_users: 'prod' })}policies:
  vacuum:
    approvalsRequired: 0
`;

describe('only exactly valid input runs anything', () => {
  let bot: WarehouseBot;
  const { calls, onRequest } = operationLog();
  beforeAll(async () => {
    bot = await startWarehouseBot(yaml, { onRequest });
  });
  afterAll(async () => bot.stopAll());

  const requests = async () =>
    (await bot.server.chatops.ports.store.list<ApprovalRequest>(REQUEST_KIND, { limit: 1000 })).items.map((i) => i.data);
  const audit = async (): Promise<AuditRecord[]> =>
    (await bot.server.chatops.ports.store.listAudit({ from: 0, to: Date.parse('2100-01-01'), limit: 10_000 })).items;

  it('a table name with an invisible character is refused and nothing runs on the real table', async () => {
    const before = calls.length;
    const auditBefore = (await audit()).length;
    for (const hidden of ['pii.cus\u200Btomers', 'pii.customers\u200D', 'pii.\u2060customers', 'pii.cus\u202Etomers', 'ｐii.customers']) {
      const answer = await bot.command(`vacuum run prod ${hidden}`, ALICE);
      expect(answer).toMatch(/invisible character|looks like another/);
      await bot.settle();
    }
    expect(calls.slice(before).filter((op) => op === 'ExecuteStatement' || op === 'BatchExecuteStatement')).toEqual([]);
    expect(
      (await audit()).slice(auditBefore).some((r) => JSON.stringify(r).includes('customers') && /vacuum\.(run|start)/.test(r.action)),
    ).toBe(false);
  });

  it('snapshot retention: -1, 07 and blanks are refused, typed or in the form, and no snapshot is taken', async () => {
    const before = calls.filter((op) => op === 'CreateClusterSnapshot').length;
    for (const word of ['-1', '07', '0', '+7'])
      expect(await bot.command(`snapshot create prod ${word}`, ALICE)).toContain('is not a number of days');
    const submit = (retention: string) =>
      bot.requester.send(
        viewSubmission({
          userId: ALICE,
          callbackId: CREATE_MODAL,
          privateMetadata: JSON.stringify({ channelId: 'C0GENERAL' }),
          values: { target: { value: viewValue.staticSelect('prod') }, retention: { value: viewValue.plainText(retention) } },
        }),
      );
    for (const retention of ['   ', ' 7', '07', '-1', '7\u200B']) {
      const answer = await submit(retention);
      expect((answer.json as { response_action?: string } | undefined)?.response_action).toBe('errors');
    }
    await bot.settle();
    expect(calls.filter((op) => op === 'CreateClusterSnapshot').length).toBe(before);
  });

  it('forged duration options in the access form are refused; only offered ones open a request', async () => {
    const forge = (duration: string, metadata: JsonObject = { channelId: 'C0GENERAL' }) =>
      bot.requester.send(
        viewSubmission({
          userId: ALICE,
          callbackId: ACCESS_MODAL,
          privateMetadata: JSON.stringify(metadata),
          values: {
            role: { [ROLE_ACTION]: viewValue.staticSelect('pii_users') },
            duration: { value: viewValue.staticSelect(duration) },
            reason: { value: viewValue.plainText('ticket 1') },
          },
        }),
      );
    const opened = (await requests()).length;
    for (const duration of ['0', '1000', '4000', String(7 * MINUTE), '1800000.0', '-1800000']) {
      const answer = await forge(duration);
      expect(answer.json).toMatchObject({ response_action: 'errors', errors: { duration: expect.any(String) } });
    }
    // A reason with a text-direction control is refused in the form as in the command.
    const bidi = await bot.requester.send(
      viewSubmission({
        userId: ALICE,
        callbackId: ACCESS_MODAL,
        privateMetadata: JSON.stringify({ channelId: 'C0GENERAL' }),
        values: {
          role: { [ROLE_ACTION]: viewValue.staticSelect('pii_users') },
          duration: { value: viewValue.staticSelect(String(30 * MINUTE)) },
          reason: { value: viewValue.plainText('ticket \u202Eevil') },
        },
      }),
    );
    expect(bidi.json).toMatchObject({ response_action: 'errors', errors: { reason: expect.stringContaining('U+202E') } });
    // Forged metadata cannot offer seconds either.
    expect((await forge('4000', { channelId: 'C0GENERAL', typedMs: 4000 })).json).toMatchObject({ response_action: 'errors' });
    await bot.settle();
    expect((await requests()).length).toBe(opened);

    const accepted = await forge(String(30 * MINUTE));
    expect((accepted.json as { response_action?: string } | undefined)?.response_action).toBeUndefined();
    await bot.settle();
    const fresh = (await requests()).filter((r) => r.requester === ALICE);
    expect(fresh.map((r) => (r.details as { durationMs: number }).durationMs)).toContain(30 * MINUTE);
  });
});
