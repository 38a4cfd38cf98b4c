import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { SavedEmulator } from './aws/persist/emulator';
import type { SavedLog } from './console';
import type { SavedSlack } from './slack';

/**
 * The sandbox's state between two starts. A clean stop writes everything into `<stateDir>/saved`:
 * the emulator's records and database dumps, the Slack stand-in's messages, the console's typed
 * commands, the clock's offset and a copy of the bot's store, all from one moment. The next start
 * carries on from there; a crash loses only what happened since the last clean stop, never the
 * agreement between the bot's store and the warehouses it describes.
 */

/** Bumped whenever the saved shape changes: an older save is set aside rather than misread. */
const SAVED_FORMAT = 1;

export interface SavedSandbox {
  format: typeof SAVED_FORMAT;
  /** Wall-clock time of the save (ms). */
  savedAt: number;
  /** How far the console had moved the clock ahead. */
  clockOffsetMs: number;
  aws: SavedEmulator;
  slack: SavedSlack;
  log: SavedLog;
}

export type SandboxStart =
  | { kind: 'resume'; saved: SavedSandbox; imageDir: string }
  | { kind: 'fresh'; why: 'asked' | 'nothing saved' | 'unreadable'; detail?: string };

const STORE_FILE = 'state.db';

export function storePath(stateDir: string): string {
  return join(stateDir, STORE_FILE);
}

function savedDir(stateDir: string): string {
  return join(stateDir, 'saved');
}

/** A second sandbox on the same state would swap the store under the first one's feet. */
export class StateInUseError extends Error {}

/**
 * Claims the state folder for this process until the returned function is called. The lock sits
 * beside the folder, since a fresh start empties the folder itself; a lock whose process is gone
 * (a crash) is taken over.
 */
export function lockState(stateDir: string): () => void {
  const path = `${stateDir}.lock`;
  mkdirSync(dirname(path), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(path, 'utf8'));
      if (Number.isInteger(holder) && holder > 0 && isRunning(holder)) {
        throw new StateInUseError(`another sandbox (process ${holder}) is using ${stateDir}; stop it first (Ctrl-C in its terminal)`);
      }
      rmSync(path, { force: true });
    }
  }
  throw new StateInUseError(`could not claim ${stateDir}: another sandbox is starting there`);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Decides how this start begins and lays out the files for it: the live store is replaced by the
 * saved copy (resume) or removed with everything else (fresh).
 */
export function prepareStart(stateDir: string, fresh: boolean): SandboxStart {
  const dir = savedDir(stateDir);
  const manifest = join(dir, 'sandbox.json');
  if (fresh || !existsSync(manifest)) {
    startEmpty(stateDir);
    return { kind: 'fresh', why: fresh ? 'asked' : 'nothing saved' };
  }
  let saved: SavedSandbox;
  try {
    saved = parseSaved(readFileSync(manifest, 'utf8'));
  } catch (error) {
    startEmpty(stateDir);
    return { kind: 'fresh', why: 'unreadable', detail: error instanceof Error ? error.message : String(error) };
  }
  removeStore(stateDir);
  for (const file of storeFiles(dir)) copyFileSync(join(dir, file), join(stateDir, file));
  return { kind: 'resume', saved, imageDir: join(dir, 'images') };
}

/** Called when a resume fails after prepareStart (a dump that will not load): the next try starts fresh. */
export function discardSaved(stateDir: string): void {
  startEmpty(stateDir);
}

export interface SaveParts {
  /** Writes the emulator's dumps into the folder and returns its records. */
  aws(imageDir: string): Promise<SavedEmulator>;
  slack: SavedSlack;
  log: SavedLog;
  clockOffsetMs: number;
  now: number;
}

/**
 * Writes a save beside the current one and swaps it in, so an interrupted save leaves the previous
 * one whole. Call with the bot stopped: its store must be closed and nothing may change meanwhile.
 */
export async function writeSaved(stateDir: string, parts: SaveParts): Promise<void> {
  const next = join(stateDir, 'saved.next');
  const old = join(stateDir, 'saved.old');
  rmSync(next, { recursive: true, force: true });
  rmSync(old, { recursive: true, force: true });
  mkdirSync(next, { recursive: true });
  const aws = await parts.aws(join(next, 'images'));
  for (const file of storeFiles(stateDir)) copyFileSync(join(stateDir, file), join(next, file));
  const saved: SavedSandbox = {
    format: SAVED_FORMAT,
    savedAt: parts.now,
    clockOffsetMs: parts.clockOffsetMs,
    aws,
    slack: parts.slack,
    log: parts.log,
  };
  // The manifest goes last: a save without one is never resumed.
  writeFileSync(join(next, 'sandbox.json'), JSON.stringify(saved));
  const current = savedDir(stateDir);
  if (existsSync(current)) renameSync(current, old);
  renameSync(next, current);
  rmSync(old, { recursive: true, force: true });
}

function parseSaved(text: string): SavedSandbox {
  const value: unknown = JSON.parse(text);
  if (typeof value !== 'object' || value === null) throw new Error('the saved state is not a JSON object');
  const format = (value as { format?: unknown }).format;
  if (format !== SAVED_FORMAT) throw new Error(`the saved state has format ${String(format)}; this version reads format ${SAVED_FORMAT}`);
  // Written by writeSaved of this format; the emulator checks what it loads as it goes.
  return value as SavedSandbox;
}

function startEmpty(stateDir: string): void {
  rmSync(stateDir, { recursive: true, force: true });
  mkdirSync(stateDir, { recursive: true });
}

function removeStore(stateDir: string): void {
  for (const file of storeFiles(stateDir)) rmSync(join(stateDir, file), { force: true });
}

/** The store and its WAL files, when there. */
function storeFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((name) => name === STORE_FILE || name.startsWith(`${STORE_FILE}-`));
}
