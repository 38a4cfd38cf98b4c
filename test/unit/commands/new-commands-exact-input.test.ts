import { parseCommand } from '../../../src/commands/parse';
import type { ParseContext } from '../../../src/commands/types';
import type { ProvisionedTarget, ServerlessTarget } from '../../../src/config/targets';
import { commandRefusal } from '../../../src/features/backup/warehouse-restore-preview';
import { daysProblem } from '../../../src/features/backup/copy-plan';

const two: ParseContext = { targets: ['prod', 'lake'], roles: ['pii_users'] };
const prod: ProvisionedTarget = { kind: 'provisioned', cluster: 'analytics-prod', database: 'dev', dbUser: 'chatops_admin' };
const lake: ServerlessTarget = { kind: 'serverless', workgroup: 'lake', namespace: 'lake', database: 'dev' };

/**
 * Issue 14, item 5, for the commands that came later: what is not exactly valid is refused, never
 * cleaned up into something else (a sign, a leading zero, an invisible character, a blank).
 */
describe('backup copy, restore cluster, grants, who and doctor take only exact input', () => {
  test.each([
    'backup copy prod us-west-2 -1',
    'backup copy prod us-west-2 0',
    'backup copy prod us-west-2 +7',
    'backup copy prod us-west-2 7.0',
    'backup copy prod us-west-2 1e1',
    'backup copy prod us-west-2 \u200b7',
    'backup copy prod us-we\u200bst-2 7',
    'backup copy prod \u202eus-west-2 7',
    'backup copy pro\u200bd us-west-2 7',
    'restore cluster snap-a fresh\u200bone prod',
    'restore cluster snap\u2060a fresh-one prod',
    'restore cluster snap_a fresh-one prod',
    'restore cluster snap-a fresh_one prod',
    'restore cluster snap-a <!channel> prod',
    'grants check pr\u200bod',
    'grants apply prod\u200b',
    'grants baseline "prod',
    'who pii\u200b prod',
    'who pii.cus\u200btomers prod',
    'who pii..customers prod',
    'doctor \u202eprod',
    'doctor <!here>',
  ])('`%s` is refused', (text) => {
    const result = parseCommand(text, two);
    expect(result.ok).toBe(false);
    // The word is echoed escaped: never as a live mention or link.
    if (!result.ok) expect(result.error).not.toMatch(/<!|<https?:/);
  });

  test('backup copy: days are checked against the warehouse kind (1–35 for a cluster; 1 or more for Serverless)', () => {
    expect(daysProblem('provisioned', 36)).toContain('1 to 35 days');
    expect(daysProblem('provisioned', 35)).toBeUndefined();
    expect(daysProblem('serverless', 0)).toBeDefined();
    expect(daysProblem('serverless', 7)).toBeUndefined();
  });

  test.each([
    ['07', 'cannot name a cluster'],
    ['fresh--one', 'cannot name a cluster'],
    ['fresh-one-', 'cannot name a cluster'],
    ['analytics-prod', "is *prod*'s own cluster"],
  ])('restore cluster: the new cluster name `%s` is refused before any AWS call', (name, why) => {
    expect(commandRefusal('prod', prod, 'snap-a', name, false)).toContain(why);
  });

  test('restore cluster on Serverless: only the namespace itself confirms replacing its data', () => {
    expect(commandRefusal('lake', lake, 'snap-a', 'lake-copy', false)).toContain("Type the namespace's name");
    expect(commandRefusal('lake', lake, 'snap-a', 'lake', false)).toBeUndefined();
  });
});

describe('restore cluster reads its words in order', () => {
  test.each([
    ['restore cluster snap-a- fresh-one prod', '`snap-a-` is not a snapshot identifier'],
    ['restore cluster snap-a- fresh-one', '`snap-a-` is not a snapshot identifier'],
    ['restore cluster snap_a fresh-one', '`snap_a` is not a snapshot identifier'],
  ])('`%s` names the snapshot it cannot read', (text, error) => {
    const result = parseCommand(text, two);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain(error);
  });
});
