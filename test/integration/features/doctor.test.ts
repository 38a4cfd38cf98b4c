import type { JobRecord } from '../../../src/jobs/record';
import { JOB_KIND } from '../../../src/jobs/queue';
import { DOCTOR_JOB } from '../../../src/features/doctor/job-types';
import { accessYaml } from '../../support/config';
import { messageText } from '../../support/message-text';
import { startWarehouseBot, twoTargetsYaml, type WarehouseBot } from '../../support/warehouse-bot';

const ADMIN = 'U0ADMIN';
/** In S0DATALEADS: the policy needs a usergroups.users.list to say yes. */
const BOB = 'U0APPROVER';
const ALICE = 'U0ANALYST';

const yaml = `${twoTargetsYaml}${accessYaml({ pii_users: 'prod' })}policies:
  doctor:
    allowed: { users: [${ADMIN}], usergroups: [S0DATALEADS] }
`;

/**
 * `/redshift doctor` end to end through the real server runtime: the policy, the ack, the job that
 * runs the same checks as `npm run doctor` against the emulator and the Slack stand-in, and the report
 * through the command's response URL, to the requester alone.
 */
describe('/redshift doctor', () => {
  let bot: WarehouseBot;
  beforeAll(async () => {
    bot = await startWarehouseBot(yaml);
  }, 120_000);
  afterAll(async () => bot.stopAll());

  const doctorJobs = async () =>
    (await bot.server.chatops.ports.store.list<JobRecord>(JOB_KIND, { limit: 1000 })).items.filter((job) => job.data.type === DOCTOR_JOB)
      .length;
  /** `/redshift <text>` as `user`: the ack, and everything answered through the response URL. */
  const ask = async (text: string, user: string) => {
    const since = bot.slack.calls.length;
    const ack = await bot.command(text, user);
    await bot.settle();
    const answers = bot.responses(since);
    return { ack, answers, answer: answers.map(messageText).join('\n') };
  };

  test('an allowed user gets the report: every area checked, nothing required missing on a working setup', async () => {
    const { ack, answers, answer } = await ask('doctor', ADMIN);
    expect(ack).toContain('Checking the setup');
    expect(answers).toHaveLength(1);
    expect(answers[0]).toMatchObject({ response_type: 'ephemeral', replace_original: true });
    expect(answer).toMatch(/Setup check: \d+ ok, \d+ missing \(0 required\), \d+ not verified/);
    expect(answer).toContain('Nothing required is missing.');
    expect(answer).toContain('[prod] ');
    expect(answer).toContain('[lake] ');
    expect(answer).toMatch(/SQLite store .* is writable/);
    expect(answer).not.toContain('xoxb-');
  }, 60_000);

  test('a member of an allowed usergroup is answered after the lookup; a target narrows the report to it and the shared checks', async () => {
    const since = bot.slack.calls.length;
    // The policy needs usergroups.users.list: the command is acked at once, then answered through the response URL.
    expect(await bot.command('doctor prod', BOB)).toBe('');
    await bot.slack.waitFor('response_url', (call) => call.seq > since && JSON.stringify(call.body).includes('Setup check'), 30_000);
    const answer = bot.responses(since).map(messageText).join('\n');
    // The policy's lookup came before any answer (the doctor's own Slack checks look the group up again later).
    const after = bot.slack.calls.filter((call) => call.seq > since);
    expect(after.findIndex((call) => call.method === 'usergroups.users.list')).toBeLessThan(
      after.findIndex((call) => call.method === 'response_url'),
    );
    expect(answer).toContain('Checking the setup of *prod*');
    expect(answer).toMatch(/Setup check for prod: \d+ ok/);
    expect(answer).toContain('[prod] ');
    expect(answer).not.toContain('[lake]');
    expect(answer).toContain('C0APPROVALS');
  }, 60_000);

  test('a missing piece shows up as missing, with its fix, first', async () => {
    bot.slack.removeBotFrom('C0APPROVALS');
    try {
      const { answer } = await ask('doctor', ADMIN);
      expect(answer).toMatch(/\d+ missing \([1-9]\d* required\)/);
      expect(answer).toContain('required piece');
      const missing = answer.slice(answer.indexOf('*Missing ('));
      expect(missing).toContain('C0APPROVALS');
      expect(missing).toContain('*Fix:*');
      expect(missing).toContain('/invite');
    } finally {
      bot.slack.inviteBot('C0APPROVALS');
    }
  }, 60_000);

  test('a user policies.doctor does not allow is refused, and no job is recorded', async () => {
    const before = await doctorJobs();
    const { ack, answer } = await ask('doctor', ALICE);
    const told = `${ack}\n${answer}`;
    expect(told).toContain(
      'You are not allowed to run `/redshift doctor`: policies.doctor allows <@U0ADMIN> or members of <!subteam^S0DATALEADS>',
    );
    expect(told).toContain('Nothing was run.');
    expect(told).not.toContain('Setup check');
    expect(await doctorJobs()).toBe(before);
  }, 60_000);

  test('an unknown target is refused by the parser, and nothing runs', async () => {
    const before = await doctorJobs();
    const { ack } = await ask('doctor prodd', ADMIN);
    expect(ack).toContain('`prodd` is not a target');
    expect(await doctorJobs()).toBe(before);
  });
});
