import { snapshotName } from '../../../src/features/shared/snapshot-name';

// REDSHIFT.md: 1–255 letters, digits, hyphens; starts with a letter; no trailing or double hyphen. Serverless: lower case.
const valid = (name: string) => /^[a-z][a-z0-9-]{0,254}$/.test(name) && !name.endsWith('-') && !name.includes('--');

describe('snapshot names', () => {
  const at = new Date('2026-11-25T10:15:00.123Z');

  test('follow the documented rule', () => {
    expect(snapshotName('prod', at, 'command:T1:trigger-1')).toMatch(/^chatops-prod-20261125-101500-[0-9a-f]{4}$/);
  });

  test.each(['prod', 'lake', 'a', 'dev_cluster', 'x--y', 'z-', 'my_very_long_target_name_with_underscores__'])(
    'are valid identifiers for target %s',
    (target) => {
      const name = snapshotName(target, at, 'k');
      expect(valid(name)).toBe(true);
    },
  );

  test('a retried request names the same snapshot; another request does not', () => {
    expect(snapshotName('prod', at, 'k1')).toBe(snapshotName('prod', at, 'k1'));
    expect(snapshotName('prod', at, 'k1')).not.toBe(snapshotName('prod', at, 'k2'));
  });
});
