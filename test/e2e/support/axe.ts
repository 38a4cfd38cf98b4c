import { readFileSync } from 'node:fs';
import type { AxeResults, RunOptions } from 'axe-core';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * WCAG 2.1 levels A and AA: labels, names, roles, keyboard focus, contrast; and landmark-unique (a
 * best practice), so that landmarks a screen reader lists can be told apart.
 */
const OPTIONS: RunOptions = {
  runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
  rules: { 'landmark-unique': { enabled: true } },
};

/** What axe-core finds wrong with the page as it is now, one line per rule with the elements it failed on. */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  const loaded = await page.evaluate(() => 'axe' in globalThis);
  if (!loaded) await page.addScriptTag({ content: AXE_SOURCE });
  const results = await page.evaluate(
    (options) =>
      (globalThis as unknown as { axe: { run(context: unknown, options: RunOptions): Promise<AxeResults> } }).axe.run(globalThis, options),
    OPTIONS,
  );
  // A page axe could not look at would pass vacuously.
  if (results.passes.length === 0) throw new Error('axe-core checked no rule on the page');
  return results.violations.map(
    (violation) => `${violation.id}: ${violation.help} — ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
  );
}
