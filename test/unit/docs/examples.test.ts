/**
 * Every command example a newcomer reads — README, docs, chatops.example.yml's comments, the help
 * text, the bot's own messages — and the restore form's placeholders must work on the sandbox:
 * chatops.example.yml's targets and roles, and the tables and snapshots of the emulator's seed.
 */
import type { types } from '@slack/bolt';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { firstWords, grammar, slashCommand } from '../../../src/commands/grammar';
import { helpText } from '../../../src/commands/help';
import { parseCommand } from '../../../src/commands/parse';
import type { Command } from '../../../src/commands/types';
import { loadChatopsConfigFile } from '../../../src/config/chatops';
import { checkDraft, needsModal, roleNamed, targetProblem } from '../../../src/features/access/request';
import { restoreFormView } from '../../../src/features/backup/restore-views';
import { grammarContext } from '../../../src/features/shared/grammar-context';
import { standardSeedSql } from '../../../src/sandbox/aws/data/seed';

const root = join(__dirname, '../../..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

const config = loadChatopsConfigFile(join(root, 'chatops.example.yml'));
const context = grammarContext(config);

// The seed's schemas and tables, as the emulator creates them (the same script for both targets).
const seedSql = standardSeedSql(Date.parse('2026-11-25T10:00:00Z'), 'cluster', 'dev');
const seedSchemas = new Set([...seedSql.matchAll(/CREATE SCHEMA (\w+)/g)].map((m) => m[1]));
const seedTables = new Set([...seedSql.matchAll(/CREATE TABLE (\w+\.\w+)/g)].map((m) => m[1]));
// The Serverless seed's manual snapshots (the cluster starts with automated ones only, which cannot be deleted).
const seedSnapshots = new Set(
  [...read('src/sandbox/aws/serverless/seed.ts').matchAll(/\{ name: '([a-z0-9-]+)', ageDays/g)].map((m) => m[1]),
);

/** Inline code spans that are whole commands: a grammar word first, no `<argument>`, `[option]`, `a|b` or `…`. */
function commandsIn(text: string, needSlash: boolean): string[] {
  const found: string[] = [];
  for (const [, span] of text.matchAll(/`([^`\n]+)`/g)) {
    const slashed = span.startsWith(`${slashCommand} `);
    if (needSlash && !slashed) continue;
    const words = slashed ? span.slice(slashCommand.length + 1) : span;
    if (!firstWords.includes(words.split(' ')[0]) || /[<>[\]|…{}$]/.test(words) || namesACommand(words)) continue;
    found.push(words);
  }
  return found;
}

/**
 * `access`, `pause` or `grants apply` alone names a command in prose rather than giving an example:
 * a group's first word, or a command's words without an argument it needs (`status` is a whole example).
 */
function namesACommand(words: string): boolean {
  if (grammar.some((entry) => entry.words.length === 2 && entry.words[0] === words)) return true;
  const entry = grammar.find((e) => e.words.join(' ') === words);
  return entry !== undefined && entry.args.some((arg) => arg.required || arg.omitted === 'ask');
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => join(dir, file));
}

const examples: Array<[string, string]> = [
  ...commandsIn(read('README.md'), false).map((c): [string, string] => ['README.md', c]),
  ...commandsIn(read('docs/ARCHITECTURE.md'), true).map((c): [string, string] => ['docs/ARCHITECTURE.md', c]),
  ...commandsIn(read('chatops.example.yml'), true).map((c): [string, string] => ['chatops.example.yml', c]),
  ...[...helpText(context).matchAll(/_e\.g\._ `\/redshift ([^`]+)`/g)].map((m): [string, string] => ['help', m[1]]),
  ...sourceFiles('src/features').flatMap((file) => commandsIn(read(file), true).map((c): [string, string] => [file, c])),
];

/** Why the command would not do what it says on the sandbox, or undefined. */
function problemOnSeed(command: Command): string | undefined {
  switch (command.verb) {
    case 'access.request': {
      const role = roleNamed(config, command.role);
      if (!role || command.role === undefined) return 'no such role';
      const draft = { role: command.role, target: command.target, durationMs: command.durationMs, reason: command.reason };
      if (targetProblem(command.role, role, command.target)) return 'a target the role is not granted on';
      if (needsModal(config, draft)) return 'it opens the request form instead of asking approvers';
      const checked = checkDraft(config, draft);
      return checked.ok ? undefined : Object.values(checked.errors).join(' ');
    }
    case 'vacuum.run':
    case 'who': {
      if (command.schema !== undefined && !seedSchemas.has(command.schema)) return `the seed has no schema ${command.schema}`;
      const table = `${command.schema}.${command.table}`;
      if (command.table !== undefined && !seedTables.has(table)) return `the seed has no table ${table}`;
      return undefined;
    }
    case 'snapshot.delete':
      return command.snapshot !== undefined && !seedSnapshots.has(command.snapshot)
        ? `the seed has no snapshot ${command.snapshot}`
        : undefined;
    default:
      // Grant ids and recovery point ids are made at run time (`access list`, `snapshot list` show them).
      return undefined;
  }
}

describe('examples work on the sandbox', () => {
  it('reads the seed and finds examples everywhere it looks', () => {
    expect(seedTables).toContain('analytics.sessions');
    expect(seedSnapshots.size).toBeGreaterThan(0);
    const where = new Set(examples.map(([source]) => source));
    for (const source of ['README.md', 'docs/ARCHITECTURE.md', 'chatops.example.yml', 'help']) expect(where).toContain(source);
    expect(examples.map(([, command]) => command)).toContain('access request pii_users prod 1h ticket 123');
  });

  it.each(examples)('%s: `%s` parses complete and names what the seed has', (_source, text) => {
    const parsed = parseCommand(text, context);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.missing).toEqual([]);
    expect(problemOnSeed(parsed.command)).toBeUndefined();
  });

  it("the restore form's placeholders name a seeded table", () => {
    const view = restoreFormView({ origin: 'C0GENERAL', target: 'prod' }, [], 'dev', new Date('2026-11-25T10:00:00Z'));
    const placeholder = (blockId: string) => {
      const block = view.blocks.find((b): b is types.InputBlock => b.type === 'input' && b.block_id === blockId);
      const element = block?.element;
      return element && 'placeholder' in element ? element.placeholder?.text : undefined;
    };
    expect(seedTables).toContain(`${placeholder('schema')}.${placeholder('table')}`);
  });
});
