import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';

/**
 * One PGlite instance in its own worker thread. Two reasons: PGlite loads its WebAssembly with
 * dynamic `import()`, which Jest's module sandbox refuses, and a long statement in WebAssembly
 * would otherwise block the emulator's (and the sandboxed bot's) event loop.
 */
export interface PgField {
  name: string;
  dataTypeID: number;
}

export interface PgResult<Row> {
  rows: Row[];
  fields: PgField[];
  command?: string;
  affectedRows?: number;
  rowCount?: number;
  /** What `COPY … TO '/dev/blob'` wrote. */
  blob?: ArrayBuffer;
  notices: string[];
}

/** A Postgres error as PGlite reports it: message, severity (ERROR, FATAL) and SQLSTATE code. */
export class PgError extends Error {
  constructor(
    message: string,
    readonly severity?: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'PgError';
  }
}

interface QueryOptions {
  rowMode?: 'array' | 'object';
  /** Data for `COPY … FROM '/dev/blob'`. */
  blob?: ArrayBuffer;
}

type Request =
  | { op: 'ready' }
  | { op: 'query'; sql: string; params: unknown[]; rowMode: 'array' | 'object'; blob?: ArrayBuffer }
  | { op: 'exec'; sql: string }
  | { op: 'inTransaction' }
  | { op: 'dump' }
  | { op: 'close' };

interface Reply {
  id: number;
  value?: unknown;
  error?: { message: string; severity?: string; code?: string };
}

// Runs inside the worker (plain JavaScript: the worker is not compiled). Dates, times, JSON, bytea and
// int8 keep Postgres's text form, as the Data API returns them.
const WORKER_SOURCE = String.raw`
const { parentPort, workerData } = require('node:worker_threads');
const { PGlite } = require(workerData.pglite);
const identity = (value) => value;
const parsers = Object.fromEntries([17, 20, 114, 1082, 1083, 1114, 1184, 1186, 1266, 3802].map((oid) => [oid, identity]));
const ready = PGlite.create({
  pgliteWasmModule: workerData.modules.pglite,
  initdbWasmModule: workerData.modules.initdb,
  ...(workerData.data ? { loadDataDir: new Blob([workerData.data]) } : {}),
});
ready.catch(() => undefined);
async function handle(db, request) {
  switch (request.op) {
    case 'ready':
      return null;
    case 'query': {
      const notices = [];
      const result = await db.query(request.sql, request.params, {
        rowMode: request.rowMode,
        parsers,
        onNotice: (notice) => notices.push(notice.message || ''),
        blob: request.blob ? new Blob([request.blob]) : undefined,
      });
      return {
        rows: result.rows,
        fields: result.fields.map((field) => ({ name: field.name, dataTypeID: field.dataTypeID })),
        command: result.command,
        affectedRows: result.affectedRows,
        rowCount: result.rowCount,
        blob: result.blob ? await result.blob.arrayBuffer() : undefined,
        notices,
      };
    }
    case 'exec':
      await db.exec(request.sql);
      return null;
    case 'inTransaction':
      return db.isInTransaction();
    case 'dump':
      return await (await db.dumpDataDir('none')).arrayBuffer();
    case 'close':
      await db.close();
      return null;
  }
  throw new Error('Unknown operation ' + request.op);
}
parentPort.on('message', async ({ id, request }) => {
  try {
    const value = await handle(await ready, request);
    parentPort.postMessage({ id, value }, value instanceof ArrayBuffer ? [value] : []);
  } catch (error) {
    const e = error || {};
    parentPort.postMessage({ id, error: { message: String(e.message || e), severity: e.severity, code: e.code } });
  }
});
`;

export class PgWorker {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private failure: Error | undefined;

  private constructor(private readonly worker: Worker) {
    worker.unref();
    worker.on('message', (reply: Reply) => this.settle(reply));
    worker.on('error', (error: Error) => this.fail(error));
    worker.on('exit', (code) => this.fail(new Error(`The PGlite worker exited (code ${code})`)));
  }

  /** Starts a worker with a fresh database, or one loaded from a data-dir dump. */
  static async start(data?: ArrayBuffer): Promise<PgWorker> {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { pglite: require.resolve('@electric-sql/pglite'), modules: await compiledModules(), data },
    });
    const pg = new PgWorker(worker);
    try {
      await pg.call({ op: 'ready' });
    } catch (error) {
      await worker.terminate();
      throw error;
    }
    return pg;
  }

  async query<Row>(sql: string, params: readonly unknown[] = [], options: QueryOptions = {}): Promise<PgResult<Row>> {
    const value = await this.call({ op: 'query', sql, params: [...params], rowMode: options.rowMode ?? 'object', blob: options.blob });
    return value as PgResult<Row>;
  }

  async exec(sql: string): Promise<void> {
    await this.call({ op: 'exec', sql });
  }

  async isInTransaction(): Promise<boolean> {
    return (await this.call({ op: 'inTransaction' })) === true;
  }

  /** The data directory as an uncompressed tarball (PGlite dumpDataDir('none')). */
  async dump(): Promise<ArrayBuffer> {
    return (await this.call({ op: 'dump' })) as ArrayBuffer;
  }

  async close(): Promise<void> {
    if (!this.failure) await this.call({ op: 'close' }).catch(() => undefined);
    this.failure ??= new Error('The database is closed');
    await this.worker.terminate();
  }

  private call(request: Request): Promise<unknown> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    // Keep the process alive only while an answer is awaited.
    if (this.pending.size === 0) this.worker.ref();
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, request });
    });
  }

  private settle(reply: Reply): void {
    const waiter = this.pending.get(reply.id);
    if (!waiter) return;
    this.pending.delete(reply.id);
    if (this.pending.size === 0) this.worker.unref();
    if (reply.error) waiter.reject(new PgError(reply.error.message, reply.error.severity, reply.error.code));
    else waiter.resolve(reply.value);
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiter of this.pending.values()) waiter.reject(error);
    this.pending.clear();
    this.worker.unref();
  }
}

/**
 * PGlite's WebAssembly, compiled once per process and shared with every worker (compiling it
 * takes longer than starting a database).
 */
interface CompiledModules {
  pglite: unknown;
  initdb: unknown;
}

// The compiled modules are only handed on to the workers, so they stay opaque here.
const wasm = (globalThis as unknown as { WebAssembly: { compile(bytes: Uint8Array): Promise<unknown> } }).WebAssembly;

let modules: Promise<CompiledModules> | undefined;

function compiledModules(): Promise<CompiledModules> {
  modules ??= (async () => {
    const dist = dirname(require.resolve('@electric-sql/pglite'));
    const [pglite, initdb] = await Promise.all(
      ['pglite.wasm', 'initdb.wasm'].map(async (file) => wasm.compile(await readFile(join(dist, file)))),
    );
    return { pglite, initdb };
  })();
  modules.catch(() => {
    modules = undefined;
  });
  return modules;
}
