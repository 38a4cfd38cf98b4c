import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebClient } from '@slack/web-api';
import { runDoctor } from '../../../src/doctor/doctor';
import { manifestBotScopes } from '../../../src/doctor/manifest-scopes';
import { reportLines, requiredMissing } from '../../../src/doctor/report';
import { emulatorSettings } from '../../support/aws';
import { BOT_TOKEN } from '../../support/bot';
import { runDoctorProcess } from '../../support/doctor-process';
import { accessYaml } from '../../support/config';
import { startWarehouseBot, twoTargetsYaml, type WarehouseBot } from '../../support/warehouse-bot';

const ROOT = join(__dirname, '..', '..', '..');
const yaml = `${twoTargetsYaml}${accessYaml({ pii_users: 'prod' })}`;

/**
 * `npm run doctor` on a working setup (the emulator and the Slack stand-in, a superuser bot, the
 * roles it hands out existing): nothing required is missing; a channel the bot is not in fails it,
 * with the fix named. The process reads the environment the bot reads, and changes nothing.
 */
describe('npm run doctor', () => {
  let bot: WarehouseBot;
  let dir: string;
  beforeAll(async () => {
    bot = await startWarehouseBot(yaml);
    dir = mkdtempSync(join(tmpdir(), 'chatops-doctor-'));
    writeFileSync(join(dir, 'chatops.yml'), yaml);
  }, 120_000);
  afterAll(async () => {
    await bot.stopAll();
    rmSync(dir, { recursive: true, force: true });
  });

  const ports = () => bot.server.chatops.ports;
  const slack = () => new WebClient(BOT_TOKEN, { slackApiUrl: bot.slack.apiUrl, retryConfig: { retries: 0 } });

  test('a working setup: every area checked, nothing required missing', async () => {
    const results = await runDoctor({
      config: ports().config,
      warehouses: ports().warehouses,
      sql: ports().sql,
      slack: slack(),
      manifestScopes: manifestBotScopes(readFileSync(join(ROOT, 'manifest.yml'), 'utf8')),
      store: { kind: 'sqlite', path: join(dir, 'state.db') },
      aws: emulatorSettings(bot.aws.endpoint),
    });
    expect(new Set(results.map((r) => r.area))).toEqual(new Set(['aws', 'database', 'slack', 'store']));
    expect(results.filter((r) => r.status === 'missing' && !r.optional)).toEqual([]);
    expect(requiredMissing(results)).toBe(0);
    expect(
      results.some((r) => r.area === 'aws' && r.target === 'prod' && r.status === 'ok' && r.name.includes('redshift:DescribeClusters')),
    ).toBe(true);
    expect(reportLines(results).at(-1)).toMatch(/^doctor: \d+ ok, 0 missing \(0 required\)|^doctor: \d+ ok, \d+ missing \(0 required\)/);
  });

  const doctor = () => runDoctorProcess({ dir, slackApiUrl: bot.slack.apiUrl, awsEndpoint: bot.aws.endpoint });

  test('the process exits 0 when nothing required is missing, 1 with the fix when the bot is not in the approvals channel', async () => {
    const ok = await doctor();
    expect(ok.stdout).toContain('== slack');
    expect(ok.status).toBe(0);
    bot.slack.removeBotFrom('C0APPROVALS');
    try {
      const failing = await doctor();
      expect(failing.status).toBe(1);
      expect(failing.stdout).toContain('MISSING');
      expect(failing.stdout).toContain('/invite');
    } finally {
      bot.slack.inviteBot('C0APPROVALS');
    }
  }, 130_000);
});
