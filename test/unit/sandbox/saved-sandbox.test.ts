import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SavedEmulator } from '../../../src/sandbox/aws/persist/emulator';
import { lockState, prepareStart, StateInUseError, storePath, writeSaved, type SaveParts } from '../../../src/sandbox/saved-sandbox';

const emptyEmulator: SavedEmulator = {
  warehouses: [],
  redshift: { clusters: [], snapshots: [], restores: [] },
  serverless: { namespaces: [], workgroups: [], snapshots: [], recoveryPoints: [], tableRestores: [], usageLimits: [] },
  statements: { records: [], nextQueryId: 1 },
};

function parts(overrides: Partial<SaveParts> = {}): SaveParts {
  return {
    aws: async (imageDir) => {
      mkdirSync(imageDir, { recursive: true });
      writeFileSync(join(imageDir, '1.tar.gz'), 'dump');
      return emptyEmulator;
    },
    slack: { messages: { messages: [], ephemerals: [] }, workspace: { groupDms: [], lastTsMicros: 5 }, responseUrls: { registrations: [], counter: 0 } },
    log: { items: [], counter: 0, hidden: [] },
    clockOffsetMs: 3_600_000,
    now: Date.UTC(2026, 10, 26, 12),
    ...overrides,
  };
}

describe('the sandbox state between starts', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'chatops-saved-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('starts fresh when nothing was saved, removing a store a crashed run left behind', () => {
    writeFileSync(storePath(dir), 'left by a crash');
    expect(prepareStart(dir, false)).toEqual({ kind: 'fresh', why: 'nothing saved' });
    expect(existsSync(storePath(dir))).toBe(false);
  });

  it('resumes from the last clean stop, with the store as it was then rather than as a crash left it', async () => {
    writeFileSync(storePath(dir), 'at the stop');
    await writeSaved(dir, parts());
    writeFileSync(storePath(dir), 'written after the stop by a run that crashed');
    const start = prepareStart(dir, false);
    expect(start).toMatchObject({ kind: 'resume', saved: { clockOffsetMs: 3_600_000, aws: emptyEmulator }, imageDir: join(dir, 'saved', 'images') });
    expect(readFileSync(storePath(dir), 'utf8')).toBe('at the stop');
    expect(readFileSync(join(dir, 'saved', 'images', '1.tar.gz'), 'utf8')).toBe('dump');
  });

  it('throws the save away when asked to start fresh', async () => {
    writeFileSync(storePath(dir), 'store');
    await writeSaved(dir, parts());
    expect(prepareStart(dir, true)).toEqual({ kind: 'fresh', why: 'asked' });
    expect(existsSync(join(dir, 'saved'))).toBe(false);
    expect(existsSync(storePath(dir))).toBe(false);
  });

  it('starts fresh instead of misreading a save written by another version, and says why', async () => {
    await writeSaved(dir, parts());
    const manifest = join(dir, 'saved', 'sandbox.json');
    writeFileSync(manifest, JSON.stringify({ ...JSON.parse(readFileSync(manifest, 'utf8')), format: 99 }));
    expect(prepareStart(dir, false)).toEqual({ kind: 'fresh', why: 'unreadable', detail: expect.stringContaining('format 99') });
  });

  it('keeps the previous save whole when a save fails half way', async () => {
    writeFileSync(storePath(dir), 'first');
    await writeSaved(dir, parts({ clockOffsetMs: 1 }));
    await expect(writeSaved(dir, parts({ aws: () => Promise.reject(new Error('disk full')) }))).rejects.toThrow('disk full');
    expect(prepareStart(dir, false)).toMatchObject({ kind: 'resume', saved: { clockOffsetMs: 1 } });
  });

  it('lets one sandbox at a time use the state, and takes over the lock of one that crashed', () => {
    const state = join(dir, 'sandbox');
    const release = lockState(state);
    expect(() => lockState(state)).toThrow(StateInUseError);
    expect(() => lockState(state)).toThrow(`another sandbox (process ${process.pid}) is using ${state}`);
    release();
    lockState(state)();
    // A process id no process has: what a crash leaves.
    writeFileSync(`${state}.lock`, '2147483646');
    const again = lockState(state);
    expect(readFileSync(`${state}.lock`, 'utf8')).toBe(String(process.pid));
    again();
    expect(existsSync(`${state}.lock`)).toBe(false);
  });
});
