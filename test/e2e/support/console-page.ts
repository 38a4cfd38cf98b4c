import type { Locator, Page } from 'playwright-core';

export const PEOPLE = { analyst: 'U0ANALYST', approver: 'U0APPROVER', approver2: 'U0APPROVER2', admin: 'U0ADMIN' } as const;
export const CHANNELS = { approvals: 'C0APPROVALS', alerts: 'C0ALERTS', audit: 'C0AUDIT', general: 'C0GENERAL' } as const;

/** The console as a person uses it: pick who you are, pick a conversation, type, click. */
export class ConsolePage {
  constructor(readonly page: Page) {}

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    // The user switcher is filled from the first state: the app is running.
    await this.page.locator('#as-user option').first().waitFor({ state: 'attached' });
  }

  async actAs(person: keyof typeof PEOPLE): Promise<void> {
    await this.page.locator('#as-user').selectOption(PEOPLE[person]);
  }

  async go(channel: keyof typeof CHANNELS): Promise<void> {
    await this.page.locator(`button[data-conversation="${CHANNELS[channel]}"]`).click();
  }

  async goToDirectMessages(): Promise<void> {
    await this.page.locator('#dm-list button').click();
  }

  async send(text: string): Promise<void> {
    await this.page.locator('#command-input').fill(text);
    await this.page.locator('#command-input').press('Enter');
  }

  /**
   * The newest message in the shown conversation that contains the text (waits for it), held by its
   * ts so the locator still finds it after the bot edits its text.
   */
  async message(text: string | RegExp): Promise<Locator> {
    const message = this.page.locator('#messages > article', { hasText: text }).last();
    try {
      await message.waitFor();
    } catch (error) {
      // What the person would have seen instead says more than a timeout.
      const shown = await this.page.locator('#messages').innerText();
      throw new Error(`no message matching ${String(text)}; the conversation shows:\n${shown}\n${error instanceof Error ? error.message : String(error)}`);
    }
    const ts = await message.getAttribute('data-message-ts');
    return this.page.locator(`#messages > article[data-message-ts="${ts}"]`);
  }

  get modal(): Locator {
    return this.page.locator('#modal');
  }

  get confirmDialog(): Locator {
    return this.page.locator('#confirm');
  }

  /** Runs SQL in the side panel and returns what it shows once it has answered. */
  async sql(target: string, dbUser: string, sql: string): Promise<string> {
    await this.page.locator('#sql-target').selectOption(target);
    await this.page.locator('#sql-user').selectOption(dbUser);
    await this.page.locator('#sql-text').fill(sql);
    await this.page.getByRole('button', { name: 'Run SQL' }).click();
    const answer = this.page.locator('#sql-result .sql-ok, #sql-result .sql-error');
    await answer.waitFor();
    return (await this.page.locator('#sql-result').textContent()) ?? '';
  }

  /** Advances the sandbox clock and waits for the console's report of the schedules that ran. */
  async advanceClock(label: string): Promise<string> {
    // A toast from an earlier advance must not pass for this one.
    await this.page.locator('#toast').evaluate((element) => (element.textContent = ''));
    await this.page.locator('#advance-by').selectOption({ label });
    await this.page.getByRole('button', { name: 'Advance clock' }).click();
    const toast = this.page.locator('#toast', { hasText: 'Clock advanced' });
    await toast.waitFor();
    return (await toast.textContent()) ?? '';
  }
}
