import { z } from 'zod';
import { ConfigError, configErrorFromZod, describeValue, formatPath, issuesToProblems } from '../../../src/config/errors';
import { strictObject } from '../../../src/config/fields';

describe('formatPath', () => {
  it.each([
    [[], ''],
    [['access', 'roles', 'pii_users', 'maxDuration'], 'access.roles.pii_users.maxDuration'],
    [['schedules', 2, 'cron'], 'schedules[2].cron'],
    [['targets', 'analytics-prod'], 'targets.analytics-prod'],
    [['cost', 'prices', 'nodeHour', 'dc2.large'], 'cost.prices.nodeHour["dc2.large"]'],
    [[0, 'name'], '[0].name'],
  ])('writes %p as %p', (path, text) => {
    expect(formatPath(path)).toBe(text);
  });
});

describe('describeValue', () => {
  it.each([
    ['9x', '"9x"'],
    [42, '42'],
    [false, 'false'],
    [null, 'an empty value'],
    [[1], 'a list'],
    [{ a: 1 }, 'a mapping'],
    ['x'.repeat(80), `"${'x'.repeat(57)}..."`],
  ])('shows %p as %p', (value, text) => {
    expect(describeValue(value)).toBe(text);
  });
});

describe('ConfigError', () => {
  it('keeps the problems and joins them into the message', () => {
    const error = new ConfigError(['chatops.yml: a: one', 'chatops.yml: b: two']);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ConfigError');
    expect(error.problems).toEqual(['chatops.yml: a: one', 'chatops.yml: b: two']);
    expect(error.message).toBe('chatops.yml: a: one\nchatops.yml: b: two');
  });
});

describe('issuesToProblems', () => {
  const schema = strictObject({ name: z.string({ error: 'is not text; write a name' }), maxDuration: z.string().optional() }, 'write a mapping');

  it('names the source and the field path on every line', () => {
    const result = z.object({ roles: z.array(schema) }).safeParse({ roles: [{ name: 'a' }, { name: 5 }] });
    expect(issuesToProblems(result.error?.issues ?? [], 'chatops.yml')).toEqual(['chatops.yml: roles[1].name: is not text; write a name']);
  });

  it('gives each unknown key its own line, with a guess at the typo', () => {
    const result = schema.safeParse({ name: 'a', maxDuraton: '4h', colour: 'red' });
    const error = configErrorFromZod(result.error as z.ZodError, 'chatops.yml');
    expect(error.problems).toEqual([
      'chatops.yml: maxDuraton: is not a known field (did you mean maxDuration?); allowed here: name, maxDuration',
      'chatops.yml: colour: is not a known field; allowed here: name, maxDuration',
    ]);
  });

  it('reports a problem with the whole input without a path', () => {
    const result = schema.safeParse('text');
    expect(issuesToProblems(result.error?.issues ?? [], 'chatops.yml')).toEqual(['chatops.yml: "text" is not a mapping; write a mapping']);
  });

  it('reports a bad record key with the key schema message', () => {
    const result = z.record(z.string().regex(/^[a-z]+$/, { error: 'is not lower case; use a-z' }), z.number()).safeParse({ Prod: 1 });
    expect(issuesToProblems(result.error?.issues ?? [], 'chatops.yml')).toEqual(['chatops.yml: Prod: is not lower case; use a-z']);
  });
});
