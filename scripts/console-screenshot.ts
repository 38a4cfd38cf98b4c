import { join } from 'node:path';
import { openBrowser } from '../test/e2e/support/browser';
import { ConsolePage } from '../test/e2e/support/console-page';
import { startTestSandbox } from '../test/e2e/support/sandbox';

/**
 * docs/console.png for the README: `npx tsx scripts/console-screenshot.ts`. A pending PII request
 * as an approver sees it, and the SQL panel showing that alice cannot read pii yet.
 */
async function main(): Promise<void> {
  const sandbox = await startTestSandbox();
  const browser = await openBrowser({ width: 1440, height: 860 });
  try {
    const ui = new ConsolePage(browser.page);
    await ui.open(sandbox.consoleUrl);
    await ui.actAs('analyst');
    await ui.go('general');
    await ui.send('access request pii_users 2h investigating ticket 123');
    await ui.modal.getByLabel('Where').selectOption('prod');
    await ui.modal.getByRole('button', { name: 'Ask approvers' }).click();
    await ui.modal.waitFor({ state: 'hidden' });
    await ui.actAs('approver');
    await ui.go('approvals');
    await ui.message(/pii_users/);
    await ui.sql('prod', 'alice', 'SELECT count(*) AS customers FROM pii.customers');
    const file = join(__dirname, '..', 'docs', 'console.png');
    await browser.page.screenshot({ path: file });
    process.stdout.write(`wrote ${file}\n`);
  } finally {
    await browser.close();
    await sandbox.cleanUp();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
