import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConsoleMessage, SqlAnswer } from '../../src/sandbox/console/types';
import { startTestSandbox } from './support/sandbox';

/** The console's own JSON endpoints, as its page calls them. */
function consoleApi(url: string) {
  const post = async <T>(path: string, body: unknown): Promise<T> =>
    (await (await fetch(`${url}${path}`, { method: 'POST', body: JSON.stringify(body) })).json()) as T;
  return {
    command: (text: string) => post('/api/command', { user: 'U0ADMIN', channel: 'C0GENERAL', text: `/redshift ${text}` }),
    sql: (sql: string) => post<SqlAnswer>('/api/sql', { target: 'prod', dbUser: 'chatops_admin', sql }),
    advance: (ms: number) => post<{ ran: string[] }>('/api/clock', { advanceMs: ms }),
    state: async () => (await (await fetch(`${url}/api/state`)).json()) as { skippedMs: number; messages: ConsoleMessage[] },
  };
}

async function until<T>(read: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let tries = 0; tries < 100; tries += 1) {
    const value = await read();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`still waiting for ${what}`);
}

describe('the sandbox across a restart', () => {
  let stateDir: string;
  beforeAll(() => {
    stateDir = mkdtempSync(join(tmpdir(), 'chatops-restart-'));
  });
  afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

  test('a second start carries on where the first stopped, half-finished work included; --fresh starts over', async () => {
    const first = await startTestSandbox({ stateDir });
    expect(first.start).toEqual({ kind: 'fresh', why: 'nothing was saved' });
    const one = consoleApi(first.consoleUrl);
    expect(await one.sql('CREATE TABLE adhoc.kept AS SELECT 1 AS n')).toMatchObject({ ok: true });
    await one.advance(60_000);
    await one.command('snapshot create prod 7');
    const started = await until(
      async () => (await one.state()).messages.find((m) => /started snapshot `?chatops-prod-/.test(m.text)),
      'the snapshot to start',
    );
    // Stopped before the bot has looked at the snapshot again: its watch is half done.
    await first.cleanUp();

    const second = await startTestSandbox({ stateDir });
    try {
      expect(second.start.kind).toBe('resumed');
      const two = consoleApi(second.consoleUrl);
      const state = await two.state();
      expect(state.skippedMs).toBe(60_000);
      expect(state.messages.map((m) => m.ts)).toContain(started.ts);
      expect(await two.sql('SELECT n FROM adhoc.kept')).toMatchObject({ ok: true, rows: [['1']] });
      const availableInThread = (m: ConsoleMessage) => m.threadTs === started.ts && /is available/.test(m.text);
      expect(state.messages.filter(availableInThread)).toEqual([]);

      // The watch the first run started finishes in the second.
      await two.advance(5 * 60_000);
      await until(
        async () => (await two.state()).messages.find(availableInThread),
        'the snapshot to be reported available in its thread',
      );
    } finally {
      await second.cleanUp();
    }

    const third = await startTestSandbox({ stateDir, fresh: true });
    try {
      expect(third.start).toEqual({ kind: 'fresh', why: 'asked for with --fresh' });
      const three = consoleApi(third.consoleUrl);
      const state = await three.state();
      expect(state.skippedMs).toBe(0);
      expect(state.messages).toEqual([]);
      expect(await three.sql('SELECT n FROM adhoc.kept')).toMatchObject({ ok: false, error: expect.stringContaining('does not exist') });
    } finally {
      await third.cleanUp();
    }

    // A save whose dumps are damaged is not half-loaded: the start is fresh and says why.
    const images = join(stateDir, 'saved', 'images');
    for (const file of readdirSync(images)) writeFileSync(join(images, file), 'damaged');
    const fourth = await startTestSandbox({ stateDir });
    try {
      expect(fourth.start).toEqual({ kind: 'fresh', why: expect.stringMatching(/^the saved state could not be loaded \(.+\)$/) });
      expect((await consoleApi(fourth.consoleUrl).state()).messages).toEqual([]);
    } finally {
      await fourth.cleanUp();
    }
  }, 300_000);

  test('a console port already in use stops the start with a clear message, leaving nothing running or locked', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as AddressInfo;
    const dir = join(stateDir, 'busy');
    try {
      await expect(startTestSandbox({ stateDir: dir, port })).rejects.toThrow(
        `port ${port} is already in use: stop what uses it, or start with PORT set to a free port`,
      );
      expect(existsSync(`${dir}.lock`)).toBe(false);
    } finally {
      blocker.close();
    }
  }, 120_000);
});
