import type { types } from '@slack/bolt';
import type { CheckResult } from '../../../../src/doctor/types';
import { BLOCKS_MAX, doctorMessage, SECTION_MAX, summaryLine } from '../../../../src/features/doctor/doctor-text';

function texts(blocks: readonly types.KnownBlock[]): string[] {
  return blocks.map((block) => {
    if (block.type === 'section') return block.text?.text ?? '';
    if (block.type === 'context') return block.elements.map((e) => ('text' in e ? e.text : '')).join('');
    return '';
  });
}

const ok = (name: string, target?: string): CheckResult => ({ area: 'aws', name, status: 'ok', ...(target ? { target } : {}) });

const results: CheckResult[] = [
  ok('redshift:DescribeClusters', 'prod'),
  {
    area: 'slack',
    name: 'bot is a member of C0APPROVALS',
    status: 'missing',
    detail: 'not in the channel',
    fix: 'in the channel, type /invite @redshift-chatops',
  },
  {
    area: 'database',
    target: 'prod',
    name: 'bot may GRANT ROLE pii_users',
    status: 'not-verified',
    detail: 'SVV_USER_GRANTS shows only the bot',
  },
  { area: 'store', name: 'TTL on expiresAt', status: 'missing', optional: true, fix: 'turn TTL on' },
  ok('auth.test'),
];

describe('the doctor in Slack', () => {
  it('starts with the tally as npm run doctor ends, and the verdict', () => {
    expect(summaryLine(results)).toBe('2 ok, 2 missing (1 required), 1 not verified');
    const message = doctorMessage(results);
    expect(message.text).toBe('Setup check: 2 ok, 2 missing (1 required), 1 not verified');
    const [head] = texts(message.blocks);
    expect(head).toContain('2 ok, 2 missing (1 required), 1 not verified');
    expect(head).toContain(':x: 1 required piece is missing');
    expect(texts(doctorMessage([ok('a'), results[3]]).blocks)[0]).toContain('Nothing required is missing.');
  });

  it('lists what is missing first with its fix, then what was not verified and why, then the ok checks compactly', () => {
    const all = texts(doctorMessage(results).blocks).join('\n');
    const at = (text: string) => all.indexOf(text);
    expect(at('*Missing (2)*')).toBeGreaterThan(0);
    expect(all).toContain(
      ':x: *bot is a member of C0APPROVALS*\n      not in the channel\n      *Fix:* in the channel, type /invite @redshift-chatops',
    );
    expect(all).toContain(':x: *TTL on expiresAt* _(optional)_');
    expect(all).toContain(':grey_question: [prod] bot may GRANT ROLE pii_users: SVV_USER_GRANTS shows only the bot');
    expect(all).toContain('[prod] redshift:DescribeClusters · auth.test');
    expect(at('*Missing (2)*')).toBeLessThan(at('*Not verified (1)*'));
    expect(at('*Not verified (1)*')).toBeLessThan(at('OK (2)*'));
  });

  it('names the target when only its checks are shown', () => {
    const message = doctorMessage([ok('x', 'prod')], { target: 'prod' });
    expect(message.text).toBe('Setup check for prod: 1 ok, 0 missing (0 required), 0 not verified');
    expect(texts(message.blocks)[0]).toContain('for *prod* (its checks and the shared ones)');
  });

  it("escapes the checks' text and never shows a token, an account id or an ARN", () => {
    const leaky: CheckResult = {
      area: 'aws',
      name: 'identity <!channel>',
      status: 'missing',
      detail: 'arn:aws:iam::123456789012:role/chatops-bot with xoxb-1234-5678-abcdef and AKIAIOSFODNN7EXAMPLE in account 123456789012',
      fix: 'allow <https://evil|click> & retry',
    };
    const all = texts(doctorMessage([leaky]).blocks).join('\n');
    expect(all).toContain('identity &lt;!channel&gt;');
    expect(all).toContain('allow &lt;https://evil|click&gt; &amp; retry');
    expect(all).toContain('role/chatops-bot');
    for (const secret of ['xoxb-', 'AKIAIOSFODNN7EXAMPLE', '123456789012', 'arn:aws']) expect(all).not.toContain(secret);
  });

  it("keeps within Slack's limits and counts what did not fit", () => {
    const many: CheckResult[] = [
      ...Array.from({ length: 60 }, (_, i) => ({
        area: 'database' as const,
        name: `missing-${i}`,
        status: 'missing' as const,
        fix: 'f'.repeat(400),
      })),
      ...Array.from({ length: 2000 }, (_, i) => ok(`ok-check-${String(i).padStart(4, '0')} ${'x'.repeat(60)}`, 'prod')),
      { area: 'slack', name: 'huge', status: 'not-verified', detail: 'd'.repeat(5000) },
    ];
    const { blocks } = doctorMessage(many);
    expect(blocks.length).toBeLessThanOrEqual(BLOCKS_MAX);
    for (const text of texts(blocks)) expect(text.length).toBeLessThanOrEqual(SECTION_MAX);
    const all = texts(blocks).join('\n');
    // Every missing one fits, before anything else.
    for (let i = 0; i < 30; i++) expect(all).toContain(`*missing-${i}*`);
    expect(all).toContain('… (cut)');
    const shownOk = (all.match(/ok-check-\d{4}/g) ?? []).length;
    expect(shownOk).toBeGreaterThan(0);
    expect(shownOk).toBeLessThan(2000);
    const note = texts(blocks).at(-1) ?? '';
    expect(note).toBe(`…and ${2000 - shownOk} more ok, beyond what one Slack message holds: \`npm run doctor\` prints every line.`);
  });
});
