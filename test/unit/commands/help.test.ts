import { grammar, usageLine } from '../../../src/commands/grammar';
import { exampleFor, helpText, usageFor } from '../../../src/commands/help';
import { verbs, type ParseContext } from '../../../src/commands/types';

const two: ParseContext = { targets: ['prod', 'lake'], roles: ['pii_users', 'analytics_users'] };

describe('helpText', () => {
  const text = helpText(two);

  it.each(grammar.map((e) => [e.verb, e] as const))('mentions %s with its grammar line, description and example', (_, entry) => {
    expect(text).toContain(`\`/redshift ${usageLine(entry)}\``);
    expect(text).toContain(entry.description);
    expect(text).toContain(`\`${exampleFor(entry, two)}\``);
  });

  it('explains durations and lists the targets and roles', () => {
    expect(text).toContain('*Durations:* `30m`, `4h`, `2d`');
    expect(text).toContain('*Targets:* `prod`, `lake`.');
    expect(text).toContain('*Roles:* `pii_users`, `analytics_users`.');
    expect(text).toContain('leave it out and a form asks for it');
  });

  it('uses configured names in examples, and says when the only target may be left out', () => {
    const single = helpText({ targets: ['analytics-prod'], roles: ['readers'] });
    expect(single).toContain('`/redshift status analytics-prod`');
    expect(single).toContain('`/redshift access request readers analytics-prod 4h investigating ticket 123`');
    expect(single).toContain('*Targets:* `analytics-prod` (the only one, so you may leave it out).');
  });

  it("names, in the access example and the roles line, where each role may be granted", () => {
    const config: ParseContext = { ...two, roles: ['analytics_users', 'pii_users'], roleTargets: { analytics_users: ['lake'], pii_users: ['prod', 'lake'] } };
    const help = helpText(config);
    expect(help).toContain('`/redshift access request analytics_users lake 4h investigating ticket 123`');
    expect(help).toContain('`/redshift status prod`');
    expect(help).toContain('*Roles:* `analytics_users` (lake), `pii_users` (prod, lake).');
  });

  it('says when chatops.yml has no targets or roles', () => {
    const none = helpText({ targets: [], roles: [] });
    expect(none).toContain('*Targets:* _none configured in chatops.yml_.');
    expect(none).toContain('*Roles:* _none configured in chatops.yml_.');
  });

  it('escapes names so Slack shows them as text', () => {
    expect(helpText({ targets: ['<!here>'], roles: [] })).toContain('`&lt;!here&gt;`');
  });

  it('narrows to a topic, and falls back to everything for an unknown one', () => {
    const snapshot = helpText(two, 'snapshot');
    expect(snapshot).toContain('/redshift snapshot create [target] [retention-days]');
    expect(snapshot).toContain('/redshift snapshot delete <snapshot>');
    expect(snapshot).not.toContain('/redshift access list');
    const one = helpText(two, 'access request');
    expect(one).toContain('/redshift access request <role>');
    expect(one).not.toContain('/redshift access list');
    expect(helpText(two, 'nonsense')).toBe(text);
  });
});

describe('usageFor', () => {
  it.each([...verbs])('%s starts with the slash command and the grammar line', (verb) => {
    const entry = grammar.find((e) => e.verb === verb);
    expect(usageFor(verb)).toBe(`/redshift ${usageLine(entry!)}`);
  });

  it('gives the exact line for a two-word command', () => {
    expect(usageFor('snapshot.create')).toBe('/redshift snapshot create [target] [retention-days]');
  });
});
