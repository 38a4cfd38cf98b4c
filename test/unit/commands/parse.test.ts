import { parseCommand } from '../../../src/commands/parse';
import type { Command, MissingField, ParseContext, ParseResult } from '../../../src/commands/types';

const two: ParseContext = { targets: ['prod', 'lake'], roles: ['pii_users', 'analytics_users'] };
const one: ParseContext = { targets: ['prod'], roles: ['pii_users'] };

const HOUR = 3_600_000;
const RP = '8f14e45f-ceea-467f-a0e6-2ad9b1f0a0c3';

function ok(result: ParseResult): { command: Command; missing: MissingField[] } {
  if (!result.ok) throw new Error(`expected ok, got error: ${result.error}`);
  return { command: result.command, missing: result.missing as MissingField[] };
}

function failed(result: ParseResult): { error: string; usage: string; suggestion?: string } {
  if (result.ok) throw new Error(`expected an error, got ${JSON.stringify(result.command)}`);
  return result;
}

describe('parseCommand: every valid form', () => {
  const cases: Array<[string, ParseContext, Command]> = [
    ['help', two, { verb: 'help' }],
    ['help snapshot', two, { verb: 'help', topic: 'snapshot' }],
    ['help access request', two, { verb: 'help', topic: 'access request' }],
    ['status', two, { verb: 'status' }],
    ['status lake', two, { verb: 'status', target: 'lake' }],
    ['status', one, { verb: 'status', target: 'prod' }],
    ['access request pii_users', two, { verb: 'access.request', role: 'pii_users' }],
    ['access request pii_users 4h', two, { verb: 'access.request', role: 'pii_users', durationMs: 4 * HOUR }],
    ['access request pii_users 30m', two, { verb: 'access.request', role: 'pii_users', durationMs: 30 * 60_000 }],
    ['access request pii_users 2d', two, { verb: 'access.request', role: 'pii_users', durationMs: 48 * HOUR }],
    [
      'access request pii_users 4h investigating ticket 123',
      two,
      { verb: 'access.request', role: 'pii_users', durationMs: 4 * HOUR, reason: 'investigating ticket 123' },
    ],
    [
      'access request analytics_users investigating ticket 123',
      two,
      { verb: 'access.request', role: 'analytics_users', reason: 'investigating ticket 123' },
    ],
    ['access list', two, { verb: 'access.list' }],
    ['access revoke g-3f9a0c1b', two, { verb: 'access.revoke', grantId: 'g-3f9a0c1b' }],
    ['access revoke G-3F9A0C1B', two, { verb: 'access.revoke', grantId: 'g-3f9a0c1b' }],
    ['snapshot create prod', two, { verb: 'snapshot.create', target: 'prod' }],
    ['snapshot create prod 7', two, { verb: 'snapshot.create', target: 'prod', retentionDays: 7 }],
    ['snapshot create lake forever', two, { verb: 'snapshot.create', target: 'lake', retentionDays: 'forever' }],
    ['snapshot create lake 3653', two, { verb: 'snapshot.create', target: 'lake', retentionDays: 3653 }],
    ['snapshot create 7', one, { verb: 'snapshot.create', target: 'prod', retentionDays: 7 }],
    ['snapshot create', one, { verb: 'snapshot.create', target: 'prod' }],
    ['snapshot list', two, { verb: 'snapshot.list' }],
    ['snapshot list lake', two, { verb: 'snapshot.list', target: 'lake' }],
    [`snapshot keep ${RP}`, two, { verb: 'snapshot.keep', recoveryPoint: RP }],
    [`snapshot keep ${RP.toUpperCase()} 30`, two, { verb: 'snapshot.keep', recoveryPoint: RP, retentionDays: 30 }],
    ['snapshot delete before-migration-0412', two, { verb: 'snapshot.delete', snapshot: 'before-migration-0412' }],
    // Automated snapshot names pass the parser, so the feature can say why it refuses them.
    ['snapshot delete rs:analytics-prod-2026-11-25-09-45-00', two, { verb: 'snapshot.delete', snapshot: 'rs:analytics-prod-2026-11-25-09-45-00' }],
    ['backup retention', two, { verb: 'backup.retention' }],
    ['backup retention prod', two, { verb: 'backup.retention', target: 'prod' }],
    ['backup retention prod 35', two, { verb: 'backup.retention', target: 'prod', days: 35 }],
    ['backup retention 7', one, { verb: 'backup.retention', target: 'prod', days: 7 }],
    ['backup copy', two, { verb: 'backup.copy' }],
    ['backup copy prod US-WEST-2 3', two, { verb: 'backup.copy', target: 'prod', region: 'us-west-2', days: 3 }],
    ['backup copy lake off', two, { verb: 'backup.copy', target: 'lake', region: 'off' }],
    ['backup copy eu-west-1', one, { verb: 'backup.copy', target: 'prod', region: 'eu-west-1' }],
    ['restore lake', two, { verb: 'restore', target: 'lake' }],
    ['restore', one, { verb: 'restore', target: 'prod' }],
    ['pause prod', two, { verb: 'pause', target: 'prod' }],
    ['resume prod', two, { verb: 'resume', target: 'prod' }],
    ['delete lake', two, { verb: 'delete', target: 'lake' }],
    ['pause', one, { verb: 'pause', target: 'prod' }],
    ['cost', two, { verb: 'cost', period: 'month' }],
    ['cost week', two, { verb: 'cost', period: 'week' }],
    ['cost today', two, { verb: 'cost', period: 'today' }],
    ['cost prod', two, { verb: 'cost', target: 'prod', period: 'month' }],
    ['cost prod week', two, { verb: 'cost', target: 'prod', period: 'week' }],
    ['cost week', one, { verb: 'cost', target: 'prod', period: 'week' }],
    ['vacuum check', two, { verb: 'vacuum.check' }],
    ['vacuum check lake', two, { verb: 'vacuum.check', target: 'lake' }],
    ['vacuum run prod analytics.events', two, { verb: 'vacuum.run', target: 'prod', schema: 'analytics', table: 'events' }],
    ['vacuum run prod Analytics.Events', two, { verb: 'vacuum.run', target: 'prod', schema: 'analytics', table: 'events' }],
    ['vacuum run prod _tmp.t$1', two, { verb: 'vacuum.run', target: 'prod', schema: '_tmp', table: 't$1' }],
    ['vacuum run analytics.events', one, { verb: 'vacuum.run', target: 'prod', schema: 'analytics', table: 'events' }],
    ['grants check', two, { verb: 'grants.check' }],
    ['grants check lake', two, { verb: 'grants.check', target: 'lake' }],
    ['grants apply prod', two, { verb: 'grants.apply', target: 'prod' }],
    ['grants apply', one, { verb: 'grants.apply', target: 'prod' }],
    ['grants baseline lake', two, { verb: 'grants.baseline', target: 'lake' }],
    ['who pii prod', two, { verb: 'who', target: 'prod', schema: 'pii' }],
    ['who PII.Customers lake', two, { verb: 'who', target: 'lake', schema: 'pii', table: 'customers' }],
    ['who pii.customers', one, { verb: 'who', target: 'prod', schema: 'pii', table: 'customers' }],
  ];

  it.each(cases)('%s', (text, context, expected) => {
    const { command, missing } = ok(parseCommand(text, context));
    expect(command).toEqual(expected);
    expect(missing).toEqual([]);
  });

  it('treats empty or blank text as help', () => {
    expect(ok(parseCommand('', two)).command).toEqual({ verb: 'help' });
    expect(ok(parseCommand(' \u00A0\t ', two)).command).toEqual({ verb: 'help' });
  });

  it('ignores case in command words, targets and roles, returning the configured spelling', () => {
    const context: ParseContext = { targets: ['Prod'], roles: ['PII_Users'] };
    expect(ok(parseCommand('STATUS prod', context)).command).toEqual({ verb: 'status', target: 'Prod' });
    expect(ok(parseCommand('Access Request pii_users', context)).command).toEqual({ verb: 'access.request', role: 'PII_Users', target: 'Prod' });
  });
});

describe('parseCommand: a missing argument is listed, not an error', () => {
  const cases: Array<[string, ParseContext, Command, MissingField[]]> = [
    ['access request', two, { verb: 'access.request' }, ['role']],
    ['access request 4h', two, { verb: 'access.request', durationMs: 4 * HOUR }, ['role']],
    ['access revoke', two, { verb: 'access.revoke' }, ['grantId']],
    ['snapshot create', two, { verb: 'snapshot.create' }, ['target']],
    ['snapshot create 7', two, { verb: 'snapshot.create', retentionDays: 7 }, ['target']],
    ['snapshot keep', two, { verb: 'snapshot.keep' }, ['recoveryPoint']],
    ['snapshot keep 30', two, { verb: 'snapshot.keep', retentionDays: 30 }, ['recoveryPoint']],
    ['snapshot delete', two, { verb: 'snapshot.delete' }, ['snapshot']],
    ['backup retention 7', two, { verb: 'backup.retention', days: 7 }, ['target']],
    ['backup copy us-west-2 7', two, { verb: 'backup.copy', region: 'us-west-2', days: 7 }, ['target']],
    ['restore', two, { verb: 'restore' }, ['target']],
    ['pause', two, { verb: 'pause' }, ['target']],
    ['resume', two, { verb: 'resume' }, ['target']],
    ['delete', two, { verb: 'delete' }, ['target']],
    ['vacuum run', two, { verb: 'vacuum.run' }, ['target', 'schema', 'table']],
    ['vacuum run prod', two, { verb: 'vacuum.run', target: 'prod' }, ['schema', 'table']],
    ['vacuum run analytics.events', two, { verb: 'vacuum.run', schema: 'analytics', table: 'events' }, ['target']],
    ['vacuum run', one, { verb: 'vacuum.run', target: 'prod' }, ['schema', 'table']],
    ['grants apply', two, { verb: 'grants.apply' }, ['target']],
    ['grants baseline', two, { verb: 'grants.baseline' }, ['target']],
    ['who pii', two, { verb: 'who', schema: 'pii' }, ['target']],
    ['who', one, { verb: 'who', target: 'prod' }, ['schema']],
  ];

  it.each(cases)('%s', (text, context, expected, expectedMissing) => {
    const { command, missing } = ok(parseCommand(text, context));
    expect(command).toEqual(expected);
    expect(missing).toEqual(expectedMissing);
  });
});

describe('parseCommand: a malformed argument is an error with the usage line', () => {
  const cases: Array<[string, string, string]> = [
    ['status prodd', '`prodd` is not a target. Targets: prod, lake. Did you mean `prod`?', '/redshift status [target]'],
    ['status staging', '`staging` is not a target. Targets: prod, lake.', '/redshift status [target]'],
    ['snapshot create prodd 7', '`prodd` is not a target. Targets: prod, lake.', '/redshift snapshot create [target] [retention-days]'],
    ['snapshot create prod 7x', '`7x` is not a number of days; use 1–3653 or `forever`.', '/redshift snapshot create [target] [retention-days]'],
    ['snapshot create prod 0', '`0` is not a number of days; use 1–3653 or `forever`.', '/redshift snapshot create [target] [retention-days]'],
    ['snapshot create prod 3654', '`3654` is not a number of days; use 1–3653', '/redshift snapshot create [target] [retention-days]'],
    ['snapshot create prod 1.5', '`1.5` is not a number of days', '/redshift snapshot create [target] [retention-days]'],
    ['snapshot create prod forevr', '`forevr` is not a number of days', '/redshift snapshot create [target] [retention-days]'],
    ['snapshot keep abc', '`abc` is not a recovery point id', '/redshift snapshot keep <recovery-point> [retention-days]'],
    [`snapshot keep ${RP} 9999`, '`9999` is not a number of days', '/redshift snapshot keep <recovery-point> [retention-days]'],
    ['snapshot delete 1st-snap', '`1st-snap` is not a snapshot identifier: it must start with a letter.', '/redshift snapshot delete <snapshot>'],
    ['snapshot delete snap_1', '`snap_1` is not a snapshot identifier: use only letters, digits and hyphens.', '/redshift snapshot delete <snapshot>'],
    ['snapshot delete snap-', '`snap-` is not a snapshot identifier: it must not end with a hyphen.', '/redshift snapshot delete <snapshot>'],
    ['snapshot delete snap--1', '`snap--1` is not a snapshot identifier: it must not contain two hyphens in a row.', '/redshift snapshot delete <snapshot>'],
    [`snapshot delete s${'a'.repeat(255)}`, 'is not a snapshot identifier: it is longer than 255 characters.', '/redshift snapshot delete <snapshot>'],
    ['access request pii_users 9w', '`9w` is not a duration; use 30m, 4h or 2d.', '/redshift access request <role> [target] [duration] [reason…]'],
    ['access request pii_users 0h', '`0h` is not a duration; use 30m, 4h or 2d.', '/redshift access request <role> [target] [duration] [reason…]'],
    ['access request pii_users 4 hours', '`4` is not a duration; use 30m, 4h or 2d.', '/redshift access request <role> [target] [duration] [reason…]'],
    ['access request pii_user 4h', '`pii_user` is not a role. Roles: pii_users, analytics_users. Did you mean `pii_users`?', '/redshift access request <role> [target] [duration] [reason…]'],
    ['access request admins 4h', '`admins` is not a role. Roles: pii_users, analytics_users.', '/redshift access request <role> [target] [duration] [reason…]'],
    ['access revoke 3f9a0c1b', '`3f9a0c1b` is not a grant id; grant ids look like `g-3f9a0c1b`', '/redshift access revoke <grant-id>'],
    ['access revoke g-short', '`g-short` is not a grant id', '/redshift access revoke <grant-id>'],
    ['backup retention prod 0', '`0` is not a number of days for automated backups; use 1–35.', '/redshift backup retention [target] [days]'],
    ['backup retention prod 36', '`36` is not a number of days for automated backups; use 1–35.', '/redshift backup retention [target] [days]'],
    ['backup copy prod mars 7', '`mars` is not an AWS Region code; name one like `us-west-2`, or write `off`.', '/redshift backup copy [target] [region|off] [days]'],
    ['backup copy prod us-west-2 07', '`07` is not a number of days; use a whole number such as 7.', '/redshift backup copy [target] [region|off] [days]'],
    ['cost prod wek', '`wek` is not a period; use today, week or month. Did you mean `week`?', '/redshift cost [target] [today|week|month]'],
    ['cost prod yesterday', '`yesterday` is not a period; use today, week or month.', '/redshift cost [target] [today|week|month]'],
    ['pause 7', '`7` is not a target. Targets: prod, lake.', '/redshift pause <target>'],
    ['who pii.customers.x prod', '`pii.customers.x` is not a schema or table; write `schema` or `schema.table`', '/redshift who <schema[.table]> [target]'],
    ['who pii.1x prod', '`pii.1x` is not a schema or table: `1x` is not a valid name', '/redshift who <schema[.table]> [target]'],
    ['who "pii; drop table x" prod', 'is not a schema or table', '/redshift who <schema[.table]> [target]'],
    ['vacuum run prod events', '`events` is not a table; write it as `schema.table`, e.g. `analytics.sessions`.', '/redshift vacuum run <target> <schema.table>'],
    ['vacuum run prod a.b.c', '`a.b.c` is not a table; write it as `schema.table`', '/redshift vacuum run <target> <schema.table>'],
    ['vacuum run prod 1a.b', '`1a.b` is not a table: `1a` is not a valid name', '/redshift vacuum run <target> <schema.table>'],
    ['vacuum run prod analytics.', '`analytics.` is not a table: an empty name is not a valid name', '/redshift vacuum run <target> <schema.table>'],
    [`vacuum run prod a.${'t'.repeat(128)}`, 'is not a valid name', '/redshift vacuum run <target> <schema.table>'],
    ['vacuum run prod analytics.évents', 'is not a valid name; a name starts with a letter or _', '/redshift vacuum run <target> <schema.table>'],
  ];

  it.each(cases)('%s', (text, error, usage) => {
    const result = failed(parseCommand(text, two));
    expect(result.error).toContain(error);
    expect(result.usage).toBe(usage);
  });

  it('offers the corrected command for a misspelt name', () => {
    expect(failed(parseCommand('snapshot create prodd 7', two)).suggestion).toBe('/redshift snapshot create prod 7');
    expect(failed(parseCommand('access request pii_user 4h because', two)).suggestion).toBe(
      '/redshift access request pii_users 4h because',
    );
    expect(failed(parseCommand('cost lake wek', two)).suggestion).toBe('/redshift cost lake week');
    expect(failed(parseCommand('status staging', two)).suggestion).toBeUndefined();
  });

  it('names unexpected extra words', () => {
    const cases: Array<[string, string, string]> = [
      ['status prod now', 'Unexpected word `now` after `status prod`.', '/redshift status [target]'],
      ['access list mine please', 'Unexpected words `mine` `please` after `access list`.', '/redshift access list'],
      ['snapshot create 7 prod', 'Unexpected word `prod` after `snapshot create 7`.', '/redshift snapshot create [target] [retention-days]'],
      ['cost prod week month', 'Unexpected word `month` after `cost prod week`.', '/redshift cost [target] [today|week|month]'],
      ['vacuum run prod a.b c.d', 'Unexpected word `c.d` after `vacuum run prod a.b`.', '/redshift vacuum run <target> <schema.table>'],
      ['help snapshot create now', 'Unexpected word `now` after `help snapshot create`.', '/redshift help'],
      ['pause prod a b c d e f g', 'Unexpected words `a` `b` `c` `d` `e` and 2 more after `pause prod`.', '/redshift pause <target>'],
    ];
    for (const [text, error, usage] of cases) {
      const result = failed(parseCommand(text, two));
      expect(result.error).toBe(error);
      expect(result.usage).toBe(usage);
    }
  });

  it('says when chatops.yml has no targets or roles', () => {
    const empty: ParseContext = { targets: [], roles: [] };
    expect(failed(parseCommand('status prod', empty)).error).toBe('`prod` is not a target: no targets are configured in chatops.yml.');
    expect(failed(parseCommand('access request pii_users', empty)).error).toBe(
      '`pii_users` is not a role: no roles are configured in chatops.yml.',
    );
    expect(ok(parseCommand('pause', empty)).missing).toEqual(['target']);
  });
});

describe('parseCommand: the reason', () => {
  it('keeps the rest of the text verbatim, inner spacing, quotes and non-ASCII included', () => {
    const reason = 'INC-42: “weird” rows in pii.customers;  see   https://x.example/a?b=1&c=2 — über ✓';
    const { command } = ok(parseCommand(`access request pii_users 4h   ${reason}   `, two));
    expect(command).toEqual({ verb: 'access.request', role: 'pii_users', durationMs: 4 * HOUR, reason });
  });

  it('keeps a reason that is all one quoted string', () => {
    const { command } = ok(parseCommand('access request pii_users "ticket 123"', two));
    expect(command).toEqual({ verb: 'access.request', role: 'pii_users', reason: '"ticket 123"' });
  });

  it('accepts 500 characters and refuses 501', () => {
    expect(ok(parseCommand(`access request pii_users 1h ${'r'.repeat(500)}`, two)).command).toMatchObject({ reason: 'r'.repeat(500) });
    const result = failed(parseCommand(`access request pii_users 1h ${'r'.repeat(501)}`, two));
    expect(result.error).toBe('The reason is 501 characters long; keep it to 500.');
  });
});

describe('parseCommand: unknown commands get the closest valid form', () => {
  const cases: Array<[string, string, string | undefined]> = [
    ['snapshto create', '`snapshto` is not a command. Did you mean `snapshot`?', '/redshift snapshot create [target] [retention-days]'],
    ['snapshto lsit', '`snapshto` is not a command. Did you mean `snapshot`?', '/redshift snapshot list [target]'],
    ['acess', '`acess` is not a command. Did you mean `access`?', '/redshift access request <role> [target] [duration] [reason…]'],
    ['acess list', '`acess` is not a command. Did you mean `access`?', '/redshift access list'],
    ['stauts prod', '`stauts` is not a command. Did you mean `status`?', '/redshift status [target]'],
    ['vaccum check', '`vaccum` is not a command. Did you mean `vacuum`?', '/redshift vacuum check [target]'],
    ['cots', '`cots` is not a command. Did you mean `cost`?', '/redshift cost [target] [today|week|month]'],
    ['request pii_users', '`request` is not a command. Did you mean `access request`?', '/redshift access request <role> [target] [duration] [reason…]'],
    ['retention 7', '`retention` is not a command. Did you mean `backup retention`?', '/redshift backup retention [target] [days]'],
    ['snapshot creat prod', '`creat` is not a `snapshot` command; use create, list, keep or delete.', '/redshift snapshot create [target] [retention-days]'],
    ['access revokee g-12345678', '`revokee` is not a `access` command; use request, list or revoke.', '/redshift access revoke <grant-id>'],
    ['snapshot', '`snapshot` needs one more word: create, list, keep or delete.', '/redshift snapshot create [target] [retention-days]'],
    ['backup', '`backup` needs one more word: retention or copy.', '/redshift backup retention [target] [days]'],
    ['launch rockets', '`launch` is not a command. `/redshift help` lists them.', undefined],
    ['list', '`list` is not a command. `/redshift help` lists them.', undefined],
  ];

  it.each(cases)('%s', (text, error, suggestion) => {
    const result = failed(parseCommand(text, two));
    expect(result.error).toBe(error);
    expect(result.suggestion).toBe(suggestion);
    expect(result.usage.startsWith('/redshift ')).toBe(true);
  });

  it('lists every form of a group in usage when the subcommand is wrong', () => {
    expect(failed(parseCommand('vacuum clean', two)).usage).toBe('/redshift vacuum check [target]\n/redshift vacuum run <target> <schema.table>');
  });

  it('refuses an unknown help topic and suggests a close one', () => {
    const result = failed(parseCommand('help snapshots', two));
    expect(result.error).toContain('There is no help on `snapshots`');
    expect(result.suggestion).toBe('/redshift help snapshot');
  });
});

describe('parseCommand: Slack text and hostile input', () => {
  it('splits on no-break and other Unicode spaces', () => {
    expect(ok(parseCommand('snapshot\u00A0create\u202Fprod\u2003 7', two)).command).toEqual({
      verb: 'snapshot.create',
      target: 'prod',
      retentionDays: 7,
    });
    expect(ok(parseCommand('\n status\tlake \n', two)).command).toEqual({ verb: 'status', target: 'lake' });
  });

  it('accepts a single word in straight or smart quotes', () => {
    expect(ok(parseCommand('status “prod”', two)).command).toEqual({ verb: 'status', target: 'prod' });
    expect(ok(parseCommand("status 'lake'", two)).command).toEqual({ verb: 'status', target: 'lake' });
    expect(ok(parseCommand('snapshot delete "snap-1"', two)).command).toEqual({ verb: 'snapshot.delete', snapshot: 'snap-1' });
    expect(ok(parseCommand('vacuum run prod ‘analytics.events’', two)).command).toMatchObject({ schema: 'analytics', table: 'events' });
  });

  const hostile: Array<[string, ParseContext, string]> = [
    ['pii_users; DROP TABLE pii.customers', two, '`pii_users;` is not a command.'],
    ['access request pii_users; DROP TABLE pii.customers', two, '`pii_users;` is not a role.'],
    ["access request pii_users' OR '1'='1", two, "`pii_users'` is not a role."],
    ['vacuum run prod pii.customers; DROP TABLE pii.customers', two, '`pii.customers;` is not a table'],
    ['vacuum run prod pii.customers;DROP', two, '`pii.customers;DROP` is not a table'],
    ['vacuum run prod "pii"."customers"', two, '`"pii"."customers"` is not a table: `"pii"` is not a valid name'],
    ['vacuum run prod pii."customers', two, 'is not a valid name'],
    ['vacuum run pii.customers; DROP TABLE x', one, '`pii.customers;` is not a table'],
    ['status prod"', two, '`prod"` is not a target.'],
    ['status "prod', two, '`"prod` is not a target.'],
    ['snapshot delete snap;rm', two, '`snap;rm` is not a snapshot identifier: use only letters, digits and hyphens.'],
    ['snapshot delete snäpshot', two, '`snäpshot` is not a snapshot identifier: use only letters, digits and hyphens.'],
    ['status prød', two, '`prød` is not a target. Targets: prod, lake. Did you mean `prod`?'],
    ['stätus', two, '`stätus` is not a command. Did you mean `status`?'],
    ['状態', two, '`状態` is not a command.'],
    ['status <!channel>', two, '`&lt;!channel&gt;` is not a target.'],
    ['status a`b', two, "`a'b` is not a target."],
    ['status prod\u0000', two, '`prod�` is not a target.'],
  ];

  it.each(hostile)('refuses %j', (text, context, error) => {
    const result = failed(parseCommand(text, context));
    expect(result.error).toContain(error);
  });

  it('refuses very long input, echoing only a short piece of it', () => {
    const word = 'x'.repeat(3000);
    const long = failed(parseCommand(`status ${word}`, two));
    expect(long.error).toBe(`\`${'x'.repeat(40)}…\` is not a target. Targets: prod, lake.`);
    const huge = failed(parseCommand(`status ${'a '.repeat(5000)}`, two));
    expect(huge.error).toBe('That is 10007 characters; no command is longer than 4000.');
    const verb = failed(parseCommand('y'.repeat(3999), two));
    expect(verb.error).toBe(`\`${'y'.repeat(40)}…\` is not a command. \`/redshift help\` lists them.`);
  });
});

describe('parseCommand: only exactly valid words', () => {
  it.each([
    ['vacuum run prod pii.cus\u200Btomers', 'U+200B'],
    ['vacuum run prod pii.customers\u200C', 'U+200C'],
    ['vacuum run prod \u200Dpii.customers', 'U+200D'],
    ['vacuum run prod pii.cust\u2060omers', 'U+2060'],
    ['vacuum run prod pii.customers\uFEFF', 'U+FEFF'],
    ['vacuum run prod pii.\u202Ecustomers', 'U+202E'],
    ['vacuum run prod pii.cus\u00ADtomers', 'U+00AD'],
    ['status pr\u200Bod', 'U+200B'],
    ['status prod\uFEFF', 'U+FEFF'],
    ['access request pii_\u200Busers 1h ticket', 'U+200B'],
    ['access request pii_users 1\u200Bh ticket', 'U+200B'],
    ['snapshot create prod 7\u200B', 'U+200B'],
  ])('refuses %j, naming the invisible character', (text, code) => {
    const result = failed(parseCommand(text, two));
    expect(result.error).toContain(code);
    expect(result.error).toContain('invisible');
  });

  it('refuses look-alike characters that Unicode folding would change, rather than folding them', () => {
    // Full-width letters, a ligature and a decomposed letter: each NFKC-folds to something else.
    expect(failed(parseCommand('vacuum run prod ｐii.customers', two)).error).toContain('U+FF50');
    expect(failed(parseCommand('status ｐrod', two)).error).toContain('looks like another');
    expect(failed(parseCommand('snapshot create prod ７', two)).error).toContain('U+FF17');
  });

  it('refuses text-direction controls in a reason but keeps emoji joiners', () => {
    expect(failed(parseCommand('access request pii_users 1h ticket \u202Eevil', two)).error).toContain('U+202E');
    const emoji = 'ticket 9 \u{1F468}\u200D\u{1F4BB}';
    expect(ok(parseCommand(`access request pii_users 1h ${emoji}`, two)).command).toMatchObject({ reason: emoji });
  });

  it.each(['-1', '07', '007', '+7', '0', '3654', '7.0', '1e3', '0x7', '٧'])('refuses snapshot retention %j', (word) => {
    const result = failed(parseCommand(`snapshot create prod ${word}`, two));
    expect(result.error).toMatch(/not a number of days|invisible|looks like another|Unexpected/);
  });

  it('says to write forever for -1', () => {
    expect(failed(parseCommand('snapshot create prod -1', two)).error).toContain('`forever`');
  });

  it.each(['07', '-1', '0', '36', '+3'])('refuses automated backup retention %j', (word) => {
    expect(failed(parseCommand(`backup retention prod ${word}`, two)).error).toContain('not a number of days');
  });

  it.each(['1s', '4s', '90s', '0m', '00m', '01h', '1.5h'])('refuses the access duration %j', (word) => {
    const result = failed(parseCommand(`access request pii_users ${word} ticket`, two));
    expect(result.error).toContain('not a duration');
  });

  it('still reads canonical values', () => {
    expect(ok(parseCommand('snapshot create prod 3653', two)).command).toMatchObject({ retentionDays: 3653 });
    expect(ok(parseCommand('snapshot create prod Forever', two)).command).toMatchObject({ retentionDays: 'forever' });
    expect(ok(parseCommand('backup retention prod 35', two)).command).toMatchObject({ days: 35 });
    expect(ok(parseCommand('access request pii_users 1m ticket', two)).command).toMatchObject({ durationMs: 60_000 });
  });
});

describe('parseCommand: echoed text is escaped for mrkdwn', () => {
  it('a suggested correction repeats the rest of the command escaped', () => {
    const result = failed(parseCommand('status prd <!channel> & <https://evil.example|click>', two));
    expect(result.suggestion).toBe('/redshift status prod &lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;');
  });

  it('the corrected command does not carry a mention or a link', () => {
    const result = failed(parseCommand('snapshot create prd <!channel>', two));
    if (result.suggestion !== undefined) {
      expect(result.suggestion).not.toContain('<!channel>');
      expect(result.suggestion).toContain('&lt;!channel&gt;');
    }
    const reasoned = failed(parseCommand('access request pii_userz 1h <!channel> `x`', two));
    expect(reasoned.suggestion).toBe("/redshift access request pii_users 1h &lt;!channel&gt; 'x'");
  });
});

describe('access request: a target after the role', () => {
  const request = (text: string, context: ParseContext = two) => ok(parseCommand(`access request ${text}`, context));

  it.each([
    ['pii_users prod 1h ticket 123', { target: 'prod', durationMs: HOUR, reason: 'ticket 123' }],
    ['pii_users LAKE 2d', { target: 'lake', durationMs: 48 * HOUR }],
    ['pii_users lake', { target: 'lake' }],
    // A reason whose first word is a target name: the word is the target, as the grammar line says.
    ['pii_users prod is down', { target: 'prod', reason: 'is down' }],
    ['pii_users prod 1h', { target: 'prod', durationMs: HOUR }],
  ])('%s names the target', (text, expected) => {
    const { command, missing } = request(text);
    expect(command).toEqual({ verb: 'access.request', role: 'pii_users', ...expected });
    expect(missing).toEqual([]);
  });

  it.each([
    // Every command that worked before means what it meant: no target unless the word is exactly one.
    ['pii_users 1h ticket 123', { durationMs: HOUR, reason: 'ticket 123' }],
    ['pii_users prods are down', { reason: 'prods are down' }],
    ['pii_users prd 1h', { reason: 'prd 1h' }],
    ['pii_users "prod" is down', { reason: '"prod" is down' }],
    ['pii_users production 1h', { reason: 'production 1h' }],
    ['pii_users 1h prod', { durationMs: HOUR, reason: 'prod' }],
  ])('%s keeps its old meaning', (text, expected) => {
    expect(request(text).command).toEqual({ verb: 'access.request', role: 'pii_users', ...expected });
  });

  it('still reads the first word as the role, even when it is a target name', () => {
    expect(failed(parseCommand('access request prod 1h', two)).error).toBe('`prod` is not a role. Roles: pii_users, analytics_users.');
  });

  it('still refuses a bad duration after a target', () => {
    expect(failed(parseCommand('access request pii_users prod 9w', two)).error).toBe('`9w` is not a duration; use 30m, 4h or 2d.');
  });

  it('fills in the only target, and takes it when named', () => {
    expect(request('pii_users 1h', one).command).toEqual({ verb: 'access.request', role: 'pii_users', target: 'prod', durationMs: HOUR });
    expect(request('pii_users prod 1h', one).command).toEqual({ verb: 'access.request', role: 'pii_users', target: 'prod', durationMs: HOUR });
    // Not a configured target there, so it is the reason, as before.
    expect(request('pii_users lake 1h', one).command).toEqual({ verb: 'access.request', role: 'pii_users', target: 'prod', reason: 'lake 1h' });
  });
});
