import { grammar, slashCommand, usageLine } from '../../../src/commands/grammar';
import { exampleFor } from '../../../src/commands/help';
import { parseCommand } from '../../../src/commands/parse';
import { verbs, type ParseContext } from '../../../src/commands/types';

const two: ParseContext = { targets: ['prod', 'lake'], roles: ['pii_users', 'analytics_users'] };
const one: ParseContext = { targets: ['prod'], roles: ['pii_users'] };

// The outside contract, copied from DESIGN.md: these lines must not drift.
const designLines = [
  'status [target]',
  'access request <role> [target] [duration] [reason…]',
  'access list',
  'access revoke <grant-id>',
  'snapshot create [target] [retention-days]',
  'snapshot list [target]',
  'snapshot keep <recovery-point> [retention-days]',
  'snapshot delete <snapshot>',
  'backup retention [target] [days]',
  'backup copy [target] [region|off] [days]',
  'restore [target]',
  'restore cluster <snapshot> <new-name> [target]',
  'pause <target>',
  'resume <target>',
  'delete <target>',
  'cost [target] [today|week|month]',
  'vacuum check [target]',
  'vacuum run <target> <schema.table>',
  'grants check [target]',
  'grants apply [target]',
  'grants baseline [target]',
  'who <schema[.table]> [target]',
  'doctor [target]',
  'help',
];

describe('grammar table', () => {
  it('is for the /redshift slash command', () => {
    expect(slashCommand).toBe('/redshift');
  });

  it('renders exactly the grammar lines of DESIGN.md', () => {
    expect(grammar.map(usageLine)).toEqual(designLines);
  });

  it('has one entry per verb and one verb per entry', () => {
    expect([...grammar.map((e) => e.verb)].sort()).toEqual([...verbs].sort());
    const words = grammar.map((e) => e.words.join(' '));
    expect(new Set(words).size).toBe(words.length);
  });

  it('writes every command word in lower case, one or two words', () => {
    for (const entry of grammar) {
      expect(entry.words.length).toBeGreaterThanOrEqual(1);
      expect(entry.words.length).toBeLessThanOrEqual(2);
      for (const word of entry.words) expect(word).toMatch(/^[a-z]+$/);
    }
  });

  it('only puts the reason last', () => {
    for (const entry of grammar) {
      entry.args.forEach((arg, i) => {
        if (arg.kind === 'reason') expect(i).toBe(entry.args.length - 1);
      });
    }
  });

  describe.each(grammar.map((e) => [e.words.join(' '), e] as const))('%s', (_, entry) => {
    it('has a description and an example', () => {
      expect(entry.description.length).toBeGreaterThan(10);
      expect(entry.example.startsWith(entry.words.join(' '))).toBe(true);
    });

    it.each([
      ['several targets', two],
      ['one target', one],
    ] as const)('its example parses with %s', (_label, context) => {
      const result = parseCommand(exampleFor(entry, context).slice(slashCommand.length + 1), context);
      expect(result).toMatchObject({ ok: true, command: { verb: entry.verb }, missing: [] });
    });

    it('lists each required argument as missing when only the command words are given', () => {
      const result = parseCommand(entry.words.join(' '), two);
      if (!result.ok) throw new Error(result.error);
      expect(result.command.verb).toBe(entry.verb);
      const expected = entry.args
        .filter((a) => a.required || a.omitted === 'ask')
        .flatMap((a) => (a.kind === 'schemaTable' ? ['schema', 'table'] : a.kind === 'schemaOrTable' ? ['schema'] : a.kind === 'target' ? ['target'] : [a.kind]));
      expect(result.missing).toEqual(expected);
    });

    it('fills in the only target instead of asking for it', () => {
      const result = parseCommand(entry.words.join(' '), one);
      if (!result.ok) throw new Error(result.error);
      expect(result.missing).not.toContain('target');
      if (entry.args.some((a) => a.kind === 'target')) expect(result.command).toMatchObject({ target: 'prod' });
    });
  });
});
