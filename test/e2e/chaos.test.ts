import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { parseChatopsConfig } from '../../src/config/chatops';
import { FAULTS_YAML, sweepIntervalMs } from '../../scripts/chaos/faults';
import { FIELD_TEMPLATES } from '../../scripts/chaos/hostile';
import { hostileValues } from '../../scripts/chaos/hostile-values';
import { grammar } from '../../src/commands/grammar';
import { parseChaosArgs } from '../../scripts/chaos/options';
import { Random } from '../../scripts/chaos/random';
import { emptyTally, summaryLine } from '../../scripts/chaos/tally';
import { readAreas, readSummary } from '../support/chaos-output';

const root = join(__dirname, '..', '..');

function runChaos(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(join(root, 'node_modules', '.bin', 'tsx'), [join(root, 'scripts', 'chaos.ts'), ...args], {
    cwd: root,
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

describe('npm run chaos: its pieces', () => {
  test('the same seed generates the same hostile inputs, and another seed others', () => {
    const a = hostileValues(new Random(7), 1_200);
    expect(a).toHaveLength(1_200);
    expect(hostileValues(new Random(7), 1_200)).toEqual(a);
    expect(hostileValues(new Random(8), 1_200)).not.toEqual(a);
    for (const wanted of ["'; DROP TABLE pii.customers; --", '<!channel>', '-1', '07', '0m', '1s', 'pii.cus\u200btomers', '\u202eprod']) {
      expect(a).toContain(wanted);
    }
  });

  test('options: --small, --seed, --areas; anything else is refused with the usage', () => {
    expect(parseChaosArgs(['--small', '--seed', '3', '--areas', 'faults,kills'])).toEqual({
      small: true,
      seed: 3,
      areas: ['faults', 'kills'],
      hostile: 1_000,
    });
    expect(parseChaosArgs([])).toMatchObject({ small: false, hostile: 30_000 });
    expect((parseChaosArgs(['--areas', 'nope']) as Error).message).toContain('unknown area nope');
    expect((parseChaosArgs(['--seed', 'x']) as Error).message).toContain('usage: npm run chaos');
  });

  test('every typed argument of every command is driven with hostile values', () => {
    // The command a template runs: the grammar entry whose words it starts with, the longest such.
    const verbOf = (template: string) => {
      const words = template.split(' ');
      const matching = grammar.filter((entry) => entry.words.every((word, i) => words[i] === word));
      return matching.sort((a, b) => b.words.length - a.words.length)[0]?.verb;
    };
    // A request's target is taken only when exactly valid; anything else starts the free-text reason.
    const notTyped = new Set(['access.request target']);
    const missing = grammar.flatMap((entry) =>
      entry.args
        .filter((arg) => arg.kind !== 'reason' && !notTyped.has(`${entry.verb} ${arg.name}`))
        .filter((arg) => !FIELD_TEMPLATES.some((t) => t.field === arg.name && verbOf(t.template) === entry.verb))
        .map((arg) => `${entry.verb} <${arg.name}>`),
    );
    expect(missing).toEqual([]);
  });

  test('the summary line sums the areas and takes the worst revoke lag', () => {
    const a = { ...emptyTally('a'), tried: 3, refused: 2, executed: 1 };
    const b = { ...emptyTally('b'), tried: 1, lost: 1, leaked: 2, revokeLagSeconds: 60 };
    expect(summaryLine([a, b])).toBe('chaos: 4 tried, 2 refused, 1 executed-unexpected, 1 lost, 2 leaked, revoke lag max 60 s');
  });
});

describe('npm run chaos -- --small', () => {
  test('bad requests, 1,000 hostile inputs, bursts, faults and kills: nothing unexpected ran, nothing was lost or leaked, revokes within one sweep', async () => {
    const run = await runChaos(['--small']);
    expect(run.stderr).not.toContain('chaos failed');
    expect(run.code).toBe(0);
    const areas = readAreas(run.stdout);
    expect(areas.map((a) => a.area)).toEqual(['bad requests', 'hostile inputs', 'bursts', 'faults', 'kills']);
    const byName = Object.fromEntries(areas.map((a) => [a.area, a]));
    expect(byName['hostile inputs'].figures?.tried).toBeGreaterThanOrEqual(1_000);
    expect(byName['bad requests'].figures?.tried).toBeGreaterThan(20);
    expect(byName.bursts.figures?.tried).toBe(100);
    // The reasons approvers and requesters type, and the revoke form's routing, were tried and all refused.
    expect(run.stdout).toMatch(/ 40 deny and break-glass reasons with bidi or invisible characters; 9 revoke forms with tampered metadata/);
    expect(run.stdout).not.toMatch(/! (reasons|revoke form):/);
    // Every typed argument got every hand-picked seed; the restore Confirm's JSON token was forged field by field.
    expect(run.stdout).toMatch(/ \d+ commands through \d+ typed arguments/);
    expect(run.stdout).toMatch(/ 60 clicks with one field of a JSON token forged \(restore_cluster_confirm\)/);
    // Kills need the runtime's crash points; without them the area says so instead of inventing figures.
    expect(byName.kills.skipped ?? byName.kills.figures?.tried).toBeTruthy();

    const summary = readSummary(run.stdout);
    expect(summary).toBeDefined();
    // The bound: once AWS answers again, no grant outlives its end by more than one sweep.
    const sweepSeconds = sweepIntervalMs(parseChatopsConfig(FAULTS_YAML).schedules.find((s) => s.task === 'access.expire')!.cron) / 1000;
    // The findings print under each table (`  ! …`); shown when a figure is off, so it can be traced to its input.
    const { executed, lost, leaked } = summary!;
    if (executed + lost + leaked > 0) console.log(run.stdout);
    expect({ executed, lost, leaked }).toEqual({ executed: 0, lost: 0, leaked: 0 });
    expect(summary!.revokeLagSeconds).toBeLessThanOrEqual(sweepSeconds);
    expect(run.stdout).not.toContain("uncaught errors (each would end the bot's process)");
  }, 300_000);
});
