import { accessibilityViolations } from './support/axe';
import { openBrowser, type Browser } from './support/browser';
import { ConsolePage } from './support/console-page';
import { startTestSandbox } from './support/sandbox';

type Sandbox = Awaited<ReturnType<typeof startTestSandbox>>;

/** The sandbox console in Debian's chromium: what a newcomer clicks through on their first day. */
describe('the sandbox console in a browser', () => {
  let sandbox: Sandbox;
  let browser: Browser;
  let ui: ConsolePage;

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    browser = await openBrowser();
    ui = new ConsolePage(browser.page);
    await ui.open(sandbox.consoleUrl);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await sandbox?.cleanUp();
  }, 60_000);

  test('PII access: the analyst asks, an approver approves, alice can read pii, and cannot once the clock passes the expiry', async () => {
    expect(await ui.sql('prod', 'alice', 'SELECT count(*) AS customers FROM pii.customers')).toContain('permission denied for schema pii');

    await ui.actAs('analyst');
    await ui.go('general');
    await ui.send('access request pii_users 1h ticket 123');
    // Two targets allow pii_users, so a modal asks where; submitting it without a choice is refused on the field.
    await ui.modal.getByRole('heading', { name: 'Request access' }).waitFor();
    await ui.modal.getByRole('button', { name: 'Ask approvers' }).click();
    const fieldError = ui.modal.locator('.has-error .field-error');
    await fieldError.waitFor();
    expect(await fieldError.textContent()).not.toBe('');
    await ui.modal.getByLabel('Where').selectOption('prod');
    await ui.modal.getByRole('button', { name: 'Ask approvers' }).click();
    await ui.modal.waitFor({ state: 'hidden' });

    await ui.actAs('approver');
    await ui.go('approvals');
    const request = await ui.message(/pii_users/);
    await request.getByRole('button', { name: 'Approve' }).click();
    // The bot edits the request in place: the buttons go, the decision shows.
    await request.getByRole('button', { name: 'Approve' }).waitFor({ state: 'detached' });
    await ui.page.locator('#messages .thread', { hasText: 'Granted' }).waitFor();

    // The requester follows their request in their direct messages with the bot.
    await ui.actAs('analyst');
    await ui.goToDirectMessages();
    await ui.message(/Your request/);

    expect(await ui.sql('prod', 'alice', 'SELECT count(*) AS customers FROM pii.customers')).toMatch(/SELECT, 1 row/);

    expect(await ui.advanceClock('5 hours')).toContain('access-expiry');
    await ui.message('its time was up');
    expect(await ui.sql('prod', 'alice', 'SELECT count(*) AS customers FROM pii.customers')).toContain('permission denied for schema pii');
  }, 180_000);

  test('a snapshot: created from the message box, reported available in its thread once the clock moves', async () => {
    await ui.actAs('analyst');
    await ui.go('general');
    await ui.send('snapshot create prod 7');
    const started = await ui.message(/started snapshot chatops-prod-/);
    expect(await started.textContent()).toContain('kept 7 days');
    await ui.advanceClock('5 minutes');
    await started.locator('.thread', { hasText: 'is available' }).waitFor();
    // The bot edited the first message in place, and the console showed the edit.
    expect(await started.locator('.body').first().textContent()).toContain('available');
    expect(await started.locator('.edited').first().textContent()).toBe('(edited)');
  }, 120_000);

  test('a pause: the confirm dialog guards the button, Cancel does nothing, Pause goes to an approver, then the cluster pauses', async () => {
    await ui.actAs('admin');
    await ui.go('general');
    await ui.send('pause prod');
    const preview = await ui.message(/Pause prod \(analytics-prod/);
    expect(await preview.textContent()).toContain('Only visible to you');
    const pauseButton = preview.getByRole('button', { name: 'Pause prod' });

    await pauseButton.click();
    await ui.confirmDialog.getByRole('heading', { name: 'Pause this cluster?' }).waitFor();
    expect(await ui.confirmDialog.textContent()).toContain('cannot be cancelled');
    // The safe choice has the focus, so Enter alone cancels; nothing reaches the bot.
    expect(await ui.confirmDialog.locator('button:focus').textContent()).toBe('Cancel');
    await ui.page.keyboard.press('Enter');
    await ui.confirmDialog.waitFor({ state: 'hidden' });
    expect(await ui.page.locator('#messages > article', { hasText: 'asking approvers' }).count()).toBe(0);

    await pauseButton.click();
    await ui.confirmDialog.getByRole('button', { name: 'Pause', exact: true }).click();
    await ui.message('asking approvers to pause');
    // The bot replaced the ephemeral preview (replace_original), as Slack would show it.
    await preview.waitFor({ state: 'detached' });

    await ui.actAs('approver');
    await ui.go('approvals');
    const request = await ui.message('asks to pause prod');
    await request.getByRole('button', { name: 'Approve' }).click();
    await request.getByRole('button', { name: 'Approve' }).waitFor({ state: 'detached' });
    await ui.advanceClock('5 minutes');
    await request.locator('.thread', { hasText: 'is paused' }).waitFor();
  }, 120_000);

  test('accessible: axe finds no WCAG 2.1 A or AA problem in a busy conversation, a modal or a confirm dialog', async () => {
    await ui.actAs('approver');
    await ui.go('approvals');
    await ui.message('asks to pause prod');
    expect(await accessibilityViolations(ui.page)).toEqual([]);

    await ui.actAs('analyst');
    await ui.go('general');
    await ui.send('access request pii_users 1h ticket 9');
    await ui.modal.getByRole('heading', { name: 'Request access' }).waitFor();
    await ui.modal.getByRole('button', { name: 'Ask approvers' }).click();
    await ui.modal.locator('.has-error .field-error').waitFor();
    expect(await accessibilityViolations(ui.page)).toEqual([]);
    // Escape closes a modal, as in Slack, and nothing is asked.
    await ui.page.keyboard.press('Escape');
    await ui.modal.waitFor({ state: 'hidden' });

    await ui.actAs('admin');
    // The pause test left prod paused: resuming it has a confirm dialog too.
    await ui.send('resume prod');
    const preview = await ui.message(/Resume prod/);
    await preview.getByRole('button', { name: 'Resume prod' }).click();
    await ui.confirmDialog.getByRole('heading', { name: 'Resume this cluster?' }).waitFor();
    expect(await accessibilityViolations(ui.page)).toEqual([]);
    await ui.page.keyboard.press('Escape');
    await ui.confirmDialog.waitFor({ state: 'hidden' });
  }, 120_000);

  test('the console refuses malformed requests with 400 and says which field', async () => {
    const post = (path: string, body: unknown) => fetch(`${sandbox.consoleUrl}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const backwards = await post('/api/clock', { advanceMs: -1 });
    expect(backwards.status).toBe(400);
    expect(((await backwards.json()) as { error: string }).error).toContain('advanceMs');
    const gone = await post('/api/action', { user: 'U0ANALYST', actionId: 'approval_approve', channel: 'C0APPROVALS', messageTs: '1.000001' });
    expect(gone.status).toBe(400);
    expect(((await gone.json()) as { error: string }).error).toBe('that message is gone');
    expect((await post('/api/command', 'not json {')).status).toBe(400);
  }, 60_000);
});
