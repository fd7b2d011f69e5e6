import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** What one checkpoint found, in log frames (pages). */
export interface CheckpointResult {
  /** Frames in the write-ahead log. */
  log: number;
  /** Frames of it now copied into the database file. */
  checkpointed: number;
}

/** Copies a SQLite write-ahead log back into its database file ({@link WalCheckpointer}). */
export interface LogCheckpoint {
  /** Checkpoints now; resolves once this checkpoint is done. */
  checkpoint(): Promise<CheckpointResult>;
  /** True when the log has grown past its limit without starting over: the next commit should wait for {@link checkpoint}. */
  readonly overdue: boolean;
  close(): Promise<void>;
}

/** How often the checkpointer looks for committed frames, by default. */
export const CHECKPOINT_EVERY_MS = 200;

/**
 * Frames in the log after which writes wait for a whole checkpoint (64 MB
 * of 4 KB pages): while commits keep coming, a checkpoint running beside
 * them may never catch up with the log's end, and SQLite starts the log
 * over only when all of it was copied. Each wait costs about the same
 * whatever the log's length (the timed checkpoints have copied most of
 * it), so a longer log means fewer waits: under a steady stream of posts,
 * 64 MB instead of 16 MB took the rate 13 % higher and p99 from 16 to 8 ms.
 */
export const OVERDUE_FRAMES = 16_000;

// The worker's code: its own connection, checkpointing PASSIVE (it never
// waits for or blocks the writer) on a timer and when asked. Written to run
// as a script or as a module (a worker inherits `--input-type=module`).
const WORKER = `
const { parentPort, workerData } = process.getBuiltinModule('node:worker_threads');
const Database = process.getBuiltinModule('node:module').createRequire(workerData.driver)(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('busy_timeout = 0');
const checkpoint = () => {
  const [row] = db.pragma('wal_checkpoint(PASSIVE)');
  return { log: row.log, checkpointed: row.checkpointed };
};
const report = (id) => {
  try {
    parentPort.postMessage({ id, ok: true, result: checkpoint() });
  } catch (error) {
    parentPort.postMessage({ id, ok: false, message: String(error && error.message || error) });
  }
};
const timer = setInterval(() => report(0), workerData.everyMs);
parentPort.on('message', (message) => {
  if (message === 'close') {
    clearInterval(timer);
    db.close();
    parentPort.close();
    return;
  }
  report(message);
});
`;

/**
 * Checkpoints a SQLite database's write-ahead log from a worker thread, with
 * a connection of its own, instead of inside the commit that crosses
 * SQLite's `wal_autocheckpoint` (which copies a thousand pages and syncs the
 * database file on the event loop, stalling every request meanwhile). The
 * connection that writes should turn its own checkpoints off
 * (`wal_autocheckpoint = 0`). A checkpoint only copies what the log already
 * holds, on disk, into the database file: what was acknowledged stays
 * acknowledged whatever happens to it.
 * @example const checkpointer = new WalCheckpointer('/var/lib/natter/natter.db');
 */
export class WalCheckpointer implements LogCheckpoint {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve: (r: CheckpointResult) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private last: CheckpointResult = { log: 0, checkpointed: 0 };
  /** A checkpoint asked for copied the whole log: the next write starts it over. */
  private restarting = false;
  private closed: Promise<void> | null = null;
  private readonly exited: Promise<void>;

  /**
   * `onFailure` hears of a worker that stopped (it could not open the
   * database, say): from then on nothing checkpoints unless the writing
   * connection does so again.
   */
  constructor(path: string, options: { everyMs?: number; onFailure?: (error: Error) => void } = {}) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER, { eval: true, workerData: { driver, path, everyMs: options.everyMs ?? CHECKPOINT_EVERY_MS } });
    // The worker never keeps the process alive.
    this.worker.unref();
    this.worker.on('message', (message: unknown) => this.receive(message));
    // Its exit follows, and tells.
    this.worker.on('error', () => {});
    this.exited = new Promise((resolve) => {
      this.worker.once('exit', () => {
        const error = new Error('The checkpointer stopped');
        for (const { reject } of this.waiting.values()) reject(error);
        this.waiting.clear();
        if (this.closed === null) options.onFailure?.(error);
        this.closed ??= Promise.resolve();
        resolve();
      });
    });
  }

  get overdue(): boolean {
    // A long log all copied is not enough: SQLite starts it over only at a
    // write that begins after a checkpoint copied all of it, which a timed
    // checkpoint running beside the commits rarely is. One the writer waited
    // for is, and until the next report the log is taken as started over.
    return !this.restarting && this.last.log >= OVERDUE_FRAMES;
  }

  checkpoint(): Promise<CheckpointResult> {
    if (this.closed !== null) return Promise.reject(new Error('The checkpointer is closed'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage(id);
    });
  }

  /** Stops the worker after the checkpoints asked for so far. */
  close(): Promise<void> {
    if (this.closed === null) {
      // Awaited, the worker must keep the process alive until it is gone.
      this.worker.ref();
      this.worker.postMessage('close');
      this.closed = this.exited;
    }
    return this.closed;
  }

  private receive(message: unknown): void {
    if (typeof message !== 'object' || message === null || !('id' in message) || typeof message.id !== 'number') return;
    const waiter = this.waiting.get(message.id);
    this.waiting.delete(message.id);
    if ('result' in message && typeof message.result === 'object' && message.result !== null &&
        'log' in message.result && typeof message.result.log === 'number' &&
        'checkpointed' in message.result && typeof message.result.checkpointed === 'number') {
      const result = { log: message.result.log, checkpointed: message.result.checkpointed };
      this.last = result;
      this.restarting = waiter !== undefined && result.checkpointed === result.log;
      waiter?.resolve(result);
      return;
    }
    // A timed checkpoint that failed (a lock another connection held) is tried again at the next.
    waiter?.reject(new Error(`Could not checkpoint the write-ahead log: ${'message' in message ? String(message.message) : 'no answer'}`));
  }
}
