import { REQUEST_KIND, type ApprovalRequest } from '../../../src/approvals/types';
import { executorKey } from '../../../src/approvals/workflow';
import { CONFIRM_ACTION } from '../../../src/features/lifecycle/ids';
import { JOB_KIND, jobIdFor } from '../../../src/jobs/queue';
import { blockActions, SANDBOX_CHANNELS, SANDBOX_USERS, type JsonObject } from '../../../src/sandbox/slack';
import { approvedStatusLine } from '../../support/approval-status';
import { startWarehouseBot, twoTargetsYaml, type WarehouseBot } from '../../support/warehouse-bot';

const { general: GENERAL } = SANDBOX_CHANNELS;
const { analyst: ALICE, approver: BOB } = SANDBOX_USERS;

const yaml = `${twoTargetsYaml.replace(
  'targets:\n',
  `targets:
  dev:
    kind: provisioned
    cluster: scratch-dev
    database: dev
    dbUser: chatops_admin
`,
)}
policies:
  pause:
    allowed: { users: [U0ANALYST, U0APPROVER, U0APPROVER2] }
`;

/** A pause approved through a request: its message says pausing, then paused, or why it failed. */
describe('the lifecycle approval message shows where the operation stands', () => {
  let bot: WarehouseBot;
  beforeAll(async () => {
    bot = await startWarehouseBot(yaml);
    await bot.aws.redshift.state.addCluster({ identifier: 'scratch-dev', nodeType: 'ra3.xlplus', numberOfNodes: 2 });
  }, 180_000);
  afterAll(async () => bot.stopAll());
  afterEach(() => bot.aws.faults.clear());

  const ports = () => bot.server.chatops.ports;
  const lastSeq = () => bot.slack.calls.reduce((max, call) => Math.max(max, call.seq), 0);
  const waitFor = async (check: () => boolean | Promise<boolean>, what: string, ms = 10_000) => {
    const end = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  /** `/redshift pause <target>`, Confirm on its preview, and the request that opened. */
  const askPause = async (target: string): Promise<string> => {
    const before = new Set((await ports().store.list(REQUEST_KIND, { limit: 1000 })).items.map((i) => i.id));
    let since = lastSeq();
    await bot.command(`pause ${target}`, ALICE);
    await bot.settle();
    const preview = bot.responses(since)[0] as JsonObject;
    since = lastSeq();
    const message = { ts: '1764064800.000100', text: String(preview.text), blocks: preview.blocks as JsonObject[], channel: GENERAL };
    await bot.requester.send(
      blockActions({
        userId: ALICE,
        actionId: CONFIRM_ACTION,
        message,
        channelId: GENERAL,
        responseUrl: bot.slack.newResponseUrl({ userId: ALICE }),
      }),
    );
    await waitFor(() => bot.responses(since).length > 0, 'the answer to Confirm');
    await bot.settle();
    const opened = (await ports().store.list<ApprovalRequest>(REQUEST_KIND, { limit: 1000 })).items.find((i) => !before.has(i.id));
    if (!opened) throw new Error('no request was opened');
    return opened.id;
  };
  const approve = async (requestId: string) => {
    const decided = await ports().approvals.decide(requestId, BOB, 'approve', {}, bot.server.chatops.slack);
    if (!decided.ok) throw new Error(decided.refusal);
    await waitFor(async () => {
      const job = await ports().store.get<{ status: string }>(JOB_KIND, jobIdFor(executorKey(requestId)));
      return job?.data.status === 'succeeded' || job?.data.status === 'failed';
    }, 'the executor');
    await bot.settle();
  };
  const status = async (requestId: string): Promise<string> => approvedStatusLine(bot.slack, await ports().approvals.get(requestId));

  test('pause: "pausing" with the state AWS answered, then "paused"', async () => {
    const requestId = await askPause('prod');
    await approve(requestId);
    expect(await status(requestId)).toBe(
      ':white_check_mark: *Approved* · 1 of 1 approval · :hourglass_flowing_sand: pausing prod: AWS accepted PauseCluster, now pausing',
    );
    await bot.tick(30_000);
    await waitFor(async () => (await status(requestId)).includes(':large_green_circle:'), 'the pause to finish');
    expect(await status(requestId)).toBe(':white_check_mark: *Approved* · 1 of 1 approval · :large_green_circle: prod is paused');
  });

  test('an AWS fault on the call: "failed" with AWS’s words', async () => {
    const requestId = await askPause('dev');
    bot.aws.faults.inject({
      service: 'redshift',
      operation: 'PauseCluster',
      fault: { kind: 'named', code: 'InvalidClusterState', message: 'The cluster is being modified.' },
    });
    await approve(requestId);
    expect(await status(requestId)).toMatch(
      /^:white_check_mark: \*Approved\* · 1 of 1 approval · :x: PauseCluster failed: .*InvalidClusterState: The cluster is being modified\./,
    );
  });
});
