import { parseTourOptions } from '../../../src/live/options';

const TARGETS = ['prod', 'lake'];

describe('npm run test:live options', () => {
  test('nothing asked: the read-only tour on every target, 30 minutes to wait', () => {
    expect(parseTourOptions([], TARGETS)).toEqual({ ok: true, options: { waitMinutes: 30 } });
  });

  test('every opt-in part, named', () => {
    expect(
      parseTourOptions(
        ['--targets', 'lake', '--snapshot', 'prod', '--grant', 'pii_users', '--user', 'alice', '--target', 'prod', '--wait', '5'],
        TARGETS,
      ),
    ).toEqual({
      ok: true,
      options: { targets: ['lake'], snapshot: 'prod', grant: { role: 'pii_users', user: 'alice', target: 'prod' }, waitMinutes: 5 },
    });
  });

  test.each([
    [['--snapshot', 'staging'], '--snapshot: staging is not a target in chatops.yml (known: prod, lake)'],
    [['--targets', 'prod,nope'], '--targets: nope is not a target in chatops.yml (known: prod, lake)'],
    [['--grant', 'pii_users', '--user', 'alice'], '--grant needs all three of --grant <role>, --user <db user> and --target <target>'],
    [['--user', 'alice'], '--grant needs all three'],
    [['--grant', 'PII users', '--user', 'alice', '--target', 'prod'], '--grant: PII users is not a role name'],
    [['--grant', 'pii_users', '--user', 'Alice;', '--target', 'prod'], '--user: Alice; is not a database user name'],
    [['--grant', 'pii_users', '--user', 'alice', '--target', 'dev'], '--target: dev is not a target in chatops.yml'],
    [['--wait', '0'], '--wait: 0 is not a whole number of minutes from 1 to 180'],
    [['--wait', '1.5'], '--wait: 1.5 is not a whole number'],
    [['--snapshots', 'prod'], "Unknown option '--snapshots'"],
    [['prod'], 'Unexpected argument'],
  ])('%j is refused: %s', (argv, problem) => {
    const parsed = parseTourOptions(argv, TARGETS);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).toContain(problem);
  });
});
