import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCommand } from '../../../src/commands/parse';
import { parseChatopsConfig } from '../../../src/config/chatops';
import { grammarContext } from '../../../src/features/shared/grammar-context';
import { maxOpenPerPerson } from '../../../src/approvals/limits';
import { defaultSlackSeed } from '../../../src/sandbox/slack/seed';
import { BURST_SIZE, burstCommands } from '../../../scripts/bench/burst-commands';

const config = parseChatopsConfig(readFileSync(join(__dirname, '../../../chatops.example.yml'), 'utf8'));
const context = grammarContext(config);
const commands = burstCommands();

describe('the burst bench: 50 different commands', () => {
  it('is 50 commands with 50 different texts', () => {
    expect(commands).toHaveLength(BURST_SIZE);
    expect(new Set(commands.map((command) => command.text)).size).toBe(BURST_SIZE);
  });

  it('comes from people of the sandbox workspace, not the bot', () => {
    const people = new Set(defaultSlackSeed.users.filter((user) => !user.isBot).map((user) => user.id));
    for (const command of commands) expect(people).toContain(command.userId);
    expect(new Set(commands.map((command) => command.userId)).size).toBeGreaterThan(1);
  });

  it.each(commands.map((command) => [command.text]))('`%s` parses complete for chatops.example.yml (no form opens)', (text) => {
    const parsed = parseCommand(text, context);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.missing).toEqual([]);
  });

  it('mixes the verbs: reads, a run-at-once snapshot, approvals and access requests of every role', () => {
    const verbs = new Set(
      commands.map((command) => {
        const parsed = parseCommand(command.text, context);
        return parsed.ok ? parsed.command.verb : 'invalid';
      }),
    );
    for (const verb of [
      'help',
      'status',
      'snapshot.list',
      'snapshot.create',
      'cost',
      'who',
      'access.list',
      'access.request',
      'vacuum.check',
      'grants.check',
      'doctor',
      'pause',
    ]) {
      expect(verbs).toContain(verb);
    }
    const roles = new Set(commands.map((command) => /^access request (\S+)/.exec(command.text)?.[1]).filter((role) => role !== undefined));
    expect([...roles].sort()).toEqual(Object.keys(config.access.roles).sort());
  });

  it('asks only for roles on targets and durations the example config allows', () => {
    for (const { text } of commands) {
      const parsed = parseCommand(text, context);
      if (!parsed.ok || parsed.command.verb !== 'access.request') continue;
      const { role, target, durationMs } = parsed.command;
      const rules = config.access.roles[role ?? ''];
      expect(rules).toBeDefined();
      expect(rules?.targets).toContain(target);
      expect(durationMs).toBeLessThanOrEqual(rules?.maxDuration ?? 0);
    }
  });

  it('leaves nobody with more requests awaiting approval than maxOpenPerPerson', () => {
    const open = new Map<string, number>();
    for (const { text, userId } of commands) {
      if (/^(access request|pause|resume|delete|restore)\b/.test(text)) open.set(userId, (open.get(userId) ?? 0) + 1);
    }
    for (const count of open.values()) expect(count).toBeLessThanOrEqual(maxOpenPerPerson(config));
  });
});
