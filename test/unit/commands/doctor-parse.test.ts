import { helpText } from '../../../src/commands/help';
import { parseCommand } from '../../../src/commands/parse';
import type { ParseContext } from '../../../src/commands/types';

const two: ParseContext = { targets: ['prod', 'lake'], roles: ['pii_users'] };
const one: ParseContext = { targets: ['prod'], roles: ['pii_users'] };

describe('/redshift doctor [target]', () => {
  it('takes no target (every target) or one target', () => {
    expect(parseCommand('doctor', two)).toEqual({ ok: true, command: { verb: 'doctor', target: undefined }, missing: [] });
    expect(parseCommand('doctor lake', two)).toEqual({ ok: true, command: { verb: 'doctor', target: 'lake' }, missing: [] });
    expect(parseCommand('DOCTOR prod', two)).toEqual({ ok: true, command: { verb: 'doctor', target: 'prod' }, missing: [] });
  });

  it('with one target configured, that target is the one', () => {
    expect(parseCommand('doctor', one)).toEqual({ ok: true, command: { verb: 'doctor', target: 'prod' }, missing: [] });
  });

  it('refuses an unknown target the way every verb does, with the usage line', () => {
    expect(parseCommand('doctor prodd', two)).toEqual({
      ok: false,
      error: '`prodd` is not a target. Targets: prod, lake. Did you mean `prod`?',
      usage: '/redshift doctor [target]',
      suggestion: '/redshift doctor prod',
    });
    expect(parseCommand('doctor staging', two)).toMatchObject({ ok: false, error: '`staging` is not a target. Targets: prod, lake.' });
  });

  it('refuses words after the target', () => {
    expect(parseCommand('doctor prod now', two)).toMatchObject({
      ok: false,
      error: 'Unexpected word `now` after `doctor prod`.',
      usage: '/redshift doctor [target]',
    });
  });

  it('suggests doctor for a near miss', () => {
    expect(parseCommand('docter', two)).toMatchObject({ ok: false, error: '`docter` is not a command. Did you mean `doctor`?' });
  });

  it('is listed in help, and has a help topic of its own', () => {
    expect(helpText(two)).toContain('`/redshift doctor [target]`');
    expect(parseCommand('help doctor', two)).toEqual({ ok: true, command: { verb: 'help', topic: 'doctor' }, missing: [] });
    const topic = helpText(two, 'doctor');
    expect(topic).toContain('/redshift doctor prod');
    expect(topic).not.toContain('snapshot create');
  });
});
