import { driftBlocks, driftSummary, findingText } from '../../../../src/features/permissions/findings-text';
import { readersBlocks } from '../../../../src/features/permissions/readers-text';
import type { DriftResult, Finding, Reader } from '../../../../src/features/permissions/types';
import { statement } from '../../../../src/redshift/sql';

const finding = (n: number, extra: Partial<Finding> = {}): Finding => ({
  kind: 'direct-user-grant',
  key: `k${n}`,
  schema: 'pii',
  summary: `user bob<${n}> holds SELECT on pii.customers`,
  fix: [statement('REVOKE ALL ON ALL TABLES IN SCHEMA "pii" FROM "bob"')],
  ...extra,
});
const textOf = (blocks: ReturnType<typeof driftBlocks>) =>
  blocks
    .map((block) => (block.type === 'section' ? (block.text?.text ?? '') : block.type === 'context' ? JSON.stringify(block.elements) : ''))
    .join('\n');

describe('grants check, in words', () => {
  test('a finding: what differs (escaped), who loses what, advice, and the fix as a code block', () => {
    const text = findingText(finding(1, { loses: 'bob loses SELECT', advice: 'use a separate table' }), 0);
    expect(text).toContain('*1.* user bob&lt;1&gt; holds SELECT');
    expect(text).toContain(':bust_in_silhouette: bob loses SELECT');
    expect(text).toContain(':bulb: use a separate table');
    expect(text).toContain('```REVOKE ALL ON ALL TABLES IN SCHEMA "pii" FROM "bob";```');
  });

  test('many statements are cut with a count, never past Slack limits', () => {
    const fix = Array.from({ length: 9 }, (_, i) => statement(`GRANT SELECT ON ALL TABLES IN SCHEMA "s${i}" TO ROLE "r"`));
    const text = findingText(finding(1, { fix }), 0);
    expect(text).toContain('"s5"');
    expect(text).not.toContain('"s6"');
    expect(text).toContain('…and 3 more statements.');
  });

  test('no findings: matches; an incomplete view says so; 25 findings show 20 and the rest as a count', () => {
    const clean: DriftResult = { findings: [], notes: [], complete: true };
    expect(textOf(driftBlocks('prod', clean))).toContain('*prod* matches its `permissions` baseline in chatops.yml.');
    expect(driftSummary('prod', clean)).toBe('prod matches its permissions baseline.');
    const partial: DriftResult = {
      findings: [],
      notes: ['schema raw_data does not exist'],
      complete: false,
      why: 'the bot is not a superuser',
    };
    const partialText = textOf(driftBlocks('prod', partial));
    expect(partialText).toContain('as far as the bot can see');
    expect(partialText).toContain('Not a complete answer: the bot is not a superuser');
    expect(partialText).toContain(':memo: schema raw_data does not exist');
    const many: DriftResult = { findings: Array.from({ length: 25 }, (_, i) => finding(i)), notes: [], complete: true };
    const blocks = driftBlocks('prod', many);
    expect(blocks.length).toBeLessThanOrEqual(50);
    expect(textOf(blocks)).toContain('*20.*');
    expect(textOf(blocks)).not.toContain('*21.*');
    expect(textOf(blocks)).toContain('…and 5 more differences');
    expect(blocks.every((block) => block.type !== 'section' || (block.text?.text.length ?? 0) <= 3_000)).toBe(true);
  });
});

describe('who, in words', () => {
  const reader = (name: string, how: Reader['how'], extra: Partial<Reader> = {}): Reader => ({
    who: { kind: 'user', name },
    how,
    path: [name, 'x'],
    ...extra,
  });

  test('each reader with how and the path, a temporary one with its end, names escaped', () => {
    const until = Date.UTC(2026, 10, 25, 11, 0);
    const text = textOf(
      readersBlocks('prod', 'pii', [reader('alice', 'role', { temporaryUntil: until }), reader('b<ob>', 'direct')], { complete: true }),
    );
    expect(text).toContain('2 readers of `pii` on *prod*:');
    expect(text).toContain('`alice`: through a role — alice → x :hourglass_flowing_sand: temporary, until 2026-11-25 11:00 UTC');
    expect(text).toContain('`b&lt;ob&gt;`: direct grant');
  });

  test('nobody, as far as the bot can see; hundreds are listed in sections under the limit', () => {
    expect(textOf(readersBlocks('prod', 'pii', [], { complete: false, why: 'not a superuser' }))).toContain(
      'Nobody can read `pii` on *prod* that the bot can see.',
    );
    const blocks = readersBlocks(
      'prod',
      'pii',
      Array.from({ length: 200 }, (_, i) => reader(`user_${'x'.repeat(60)}_${i}`, 'direct')),
      { complete: true },
    );
    expect(textOf(blocks)).toContain('…and 140 more.');
    expect(blocks.every((block) => block.type !== 'section' || (block.text?.text.length ?? 0) <= 3_000)).toBe(true);
  });
});
