import type { Locator } from 'playwright-core';
import { accessibilityViolations } from './support/axe';
import { openBrowser, type Browser } from './support/browser';
import { ConsolePage } from './support/console-page';
import { startTestSandbox } from './support/sandbox';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

type Sandbox = Awaited<ReturnType<typeof startTestSandbox>>;

/** A time as Slack's `{time}` shows it (12-hour clock) in a zone, worked out here with Intl alone. */
function clockIn(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', minute: '2-digit', hour12: true }).format(new Date(iso));
}

async function shownDate(message: Locator): Promise<{ text: string; iso: string }> {
  const date = message.locator('time.date').first();
  await date.waitFor();
  return { text: (await date.textContent()) ?? '', iso: (await date.getAttribute('datetime')) ?? '' };
}

/** What the console shows of Slack's markup, and what it shows when the sandbox stops and starts again. */
describe('the console: markup as Slack shows it, and the connection to the sandbox', () => {
  let stateDir: string;
  /** Undefined while the test has the sandbox stopped. */
  let sandbox: Sandbox | undefined;
  let consoleUrl: string;
  let browser: Browser;
  let ui: ConsolePage;

  beforeAll(async () => {
    stateDir = mkdtempSync(join(tmpdir(), 'chatops-console-connection-'));
    sandbox = await startTestSandbox({ stateDir });
    consoleUrl = sandbox.consoleUrl;
    browser = await openBrowser();
    ui = new ConsolePage(browser.page);
    await ui.open(consoleUrl);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await sandbox?.cleanUp();
    rmSync(stateDir, { recursive: true, force: true });
  }, 60_000);

  test('help: bold around inline code is bold, with no literal asterisks', async () => {
    await ui.actAs('analyst');
    await ui.go('general');
    await ui.send('help');
    const help = await ui.message(/operate Amazon Redshift from Slack/);
    const title = help.locator('strong', { hasText: 'operate Amazon Redshift from Slack' });
    expect(await title.locator('code').textContent()).toBe('/redshift');
    expect(await title.textContent()).toBe('/redshift: operate Amazon Redshift from Slack');
    expect(await help.locator('.body').innerText()).not.toContain('*');
  }, 60_000);

  test("a granted request's end time is a date in each reader's own zone, not a mention chip", async () => {
    await ui.actAs('analyst');
    await ui.go('general');
    await ui.send('access request pii_users 1h ticket 123');
    await ui.modal.getByLabel('Where').selectOption('prod');
    await ui.modal.getByRole('button', { name: 'Ask approvers' }).click();
    await ui.modal.waitFor({ state: 'hidden' });

    await ui.actAs('approver');
    await ui.go('approvals');
    const request = await ui.message(/pii_users/);
    await request.getByRole('button', { name: 'Approve' }).click();
    const granted = request.locator('.thread .message', { hasText: 'Granted' });
    await granted.waitFor();
    expect(await granted.locator('.mention', { hasText: /@\d{4}-/ }).count()).toBe(0);

    // Bob reads in New York, Carol in Tokyo: the same moment, each in their own zone, as Slack shows it.
    const bob = await shownDate(granted);
    expect(bob.text).toMatch(/^(today|tomorrow|yesterday|[A-Z][a-z]{2} \d{1,2}, \d{4}) \d{1,2}:\d{2} [AP]M$/);
    expect(bob.text.endsWith(clockIn(bob.iso, 'America/New_York'))).toBe(true);
    expect(await ui.page.locator('#conversation-note').textContent()).toContain('America/New_York');

    await ui.actAs('approver2');
    const carol = await shownDate(granted);
    expect(carol.iso).toBe(bob.iso);
    expect(carol.text.endsWith(clockIn(carol.iso, 'Asia/Tokyo'))).toBe(true);
    expect(carol.text).not.toBe(bob.text);
  }, 120_000);

  test('axe, with landmark-unique, finds nothing in a conversation with several threads', async () => {
    await ui.actAs('admin');
    await ui.go('general');
    await ui.send('snapshot create prod 7');
    await ui.message(/started snapshot chatops-prod-/);
    await ui.send('snapshot create lake 7');
    await ui.message(/started snapshot chatops-lake-/);
    await ui.advanceClock('5 minutes');
    await ui.page.locator('#messages .thread').nth(1).waitFor();
    expect(await accessibilityViolations(ui.page)).toEqual([]);
  }, 120_000);

  test('when the sandbox stops the console says "disconnected", and once it is back it shows the sandbox as it is now', async () => {
    await ui.actAs('analyst');
    await ui.go('general');
    await ui.message(/operate Amazon Redshift from Slack/);
    const port = Number(new URL(consoleUrl).port);

    const stopping = sandbox;
    sandbox = undefined;
    await stopping?.cleanUp();
    const banner = ui.page.locator('#connection');
    await banner.filter({ hasText: 'Disconnected' }).waitFor();
    expect(await banner.getAttribute('role')).toBe('alert');
    expect(await banner.isVisible()).toBe(true);
    expect(await accessibilityViolations(ui.page)).toEqual([]);

    // Started again from scratch on the same port: what the page showed before is gone.
    sandbox = await startTestSandbox({ stateDir, fresh: true, port });
    await banner.filter({ hasText: /^$/ }).waitFor({ state: 'attached' });
    expect(await banner.isVisible()).toBe(false);
    await ui.page.locator('#toast', { hasText: 'Reconnected' }).waitFor();
    await ui.page.locator('#messages', { hasText: 'Nothing here yet' }).waitFor();

    // And it works again.
    await ui.send('help');
    await ui.message(/operate Amazon Redshift from Slack/);
  }, 180_000);
});
