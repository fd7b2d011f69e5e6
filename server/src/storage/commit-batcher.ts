import { CompiledQuery, type Kysely, type QueryResult } from 'kysely';
import type { QueryRunner } from './prepared-query';
import type { Database } from './schema';
import { storageUnavailable } from './storage-unavailable';
import type { LogCheckpoint } from './wal-checkpointer';

interface Queued {
  work: (db: QueryRunner) => Promise<unknown>;
  /** Settle only once the commit is on disk (else once it returned). */
  durable: boolean;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  /** When this write stops waiting for another connection's write lock. */
  deadline: number;
}

// Run once per write or batch: compiled once.
const SAVEPOINT = CompiledQuery.raw('savepoint natter_write');
const RELEASE = CompiledQuery.raw('release natter_write');
const ROLLBACK_TO = CompiledQuery.raw('rollback to natter_write');
const BEGIN = CompiledQuery.raw('begin');
const COMMIT = CompiledQuery.raw('commit');
const ROLLBACK = CompiledQuery.raw('rollback');
// Takes the write lock before any write: while another connection (a backup)
// holds it, nothing has run yet, and the batch waits without blocking the
// event loop, as SQLite's busy timeout would.
const TAKE_LOCK = CompiledQuery.raw('delete from settings where 0');
const SYNC_NORMAL = CompiledQuery.raw('pragma synchronous = normal');
const SYNC_FULL = CompiledQuery.raw('pragma synchronous = full');

/** How long writes wait for a write lock another connection holds, by default. */
export const LOCK_WAIT_MS = 5000;

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** Flushes a write-ahead log to disk ({@link FileSync}). */
export interface LogSync {
  /** Resolves once everything written to the log before the call is on disk. */
  sync(): Promise<void>;
  close?(): Promise<void>;
}

/** What {@link CommitBatcher} is told besides its database. */
export interface CommitBatcherOptions {
  /**
   * How long a batch waits for another connection's write lock before its
   * writes fail with `SQLITE_BUSY` (a 503 to the client).
   * @default LOCK_WAIT_MS
   */
  lockWaitMs?: number;
  /**
   * Flushes the write-ahead log to disk, off the event loop. When given,
   * batches commit with `synchronous=NORMAL` (no sync inside the commit,
   * which would stop the whole server for the disk) and their writes settle
   * after this resolves; when not, the connection's own `synchronous=FULL`
   * syncs inside the commit.
   * @default null
   */
  walSync?: LogSync | null;
  /**
   * Checkpoints the write-ahead log off the event loop; while the log is
   * overdue, a batch waits for a whole checkpoint before it commits, so that
   * SQLite can start the log over.
   * @default null
   */
  checkpointer?: LogCheckpoint | null;
  /**
   * Runs a statement on the database's one connection at once
   * (`statementRunner`). When given, a batch holds that connection through
   * Kysely and runs its statements, the writes' included, straight on it;
   * when not, through a Kysely transaction.
   * @default null
   */
  statements?: ((query: CompiledQuery) => QueryResult<unknown>) | null;
}

/**
 * Group commit for SQLite: writes that arrive together run in one
 * transaction, each inside its own savepoint, and share one commit and one
 * disk sync instead of one per write. A durable write's promise settles only
 * after its batch is on disk, so nothing is acknowledged before that; a write
 * that fails rolls back to its savepoint alone, and a failed commit or sync
 * fails every write of the batch.
 *
 * A batch is whatever was queued by the time the event loop comes round
 * (`setImmediate`): one write alone waits for nothing, and while one batch
 * syncs, the requests that arrive meanwhile gather into the next. With a
 * `walSync` the disk sync runs in the thread pool: the event loop serves
 * other requests meanwhile, and the next batch commits once it is done. While another connection
 * holds the write lock, a batch waits for it (without blocking the event
 * loop) for up to `lockWaitMs`.
 */
export class CommitBatcher {
  private queue: Queued[] = [];
  private scheduled = false;
  private running: Promise<void> = Promise.resolve();
  /** Syncs of committed batches, until they settle. */
  private readonly syncing = new Set<Promise<void>>();
  /** The last batch's sync, settled either way. */
  private lastSync: Promise<void> = Promise.resolve();
  private readonly lockWaitMs: number;
  private readonly walSync: LogSync | null;
  private readonly checkpointer: LogCheckpoint | null;
  private readonly statements: ((query: CompiledQuery) => QueryResult<unknown>) | null;

  constructor(private readonly db: Kysely<Database>, options: CommitBatcherOptions = {}) {
    this.lockWaitMs = options.lockWaitMs ?? LOCK_WAIT_MS;
    this.walSync = options.walSync ?? null;
    this.checkpointer = options.checkpointer ?? null;
    this.statements = options.statements ?? null;
  }

  /**
   * Runs `work` in the next batch's transaction; resolves after that
   * transaction committed and, unless `durable` is false (a rate-limit count
   * may be lost in a crash), is on disk.
   */
  run<T>(work: (db: QueryRunner) => Promise<T>, options: { durable?: boolean } = {}): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, durable: options.durable ?? true, resolve: resolve as (value: unknown) => void, reject, deadline: Date.now() + this.lockWaitMs });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.running = this.running.then(() => this.flush());
        });
      }
    });
  }

  /**
   * Resolves when every batch committed so far is on disk: a comment read
   * back (an idempotent replay) is acknowledged no earlier than the post
   * that wrote it.
   */
  async onDisk(): Promise<void> {
    await this.running;
    await Promise.all([...this.syncing].map((p) => p.catch(() => {})));
  }

  /** Resolves when every write queued so far has settled. */
  async drain(): Promise<void> {
    while (this.scheduled || this.queue.length > 0) await new Promise((resolve) => setImmediate(resolve));
    await this.onDisk();
  }

  private async flush(): Promise<void> {
    // While the last batch's log is being synced, this one's writes could not be
    // on disk any sooner (syncs run one after another): wait, and let the
    // writes that arrive meanwhile join this batch and its one commit.
    await this.lastSync;
    // A failed checkpoint costs only the log's length: the batch commits all the same.
    if (this.checkpointer?.overdue) await this.checkpointer.checkpoint().catch(() => {});
    let batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    let pause = 10;
    for (;;) {
      const outcomes: Outcome[] = [];
      const runWrites = async (db: QueryRunner) => {
        await db.executeQuery(TAKE_LOCK);
        for (const item of batch) {
          await db.executeQuery(SAVEPOINT);
          try {
            const value = await item.work(db);
            await db.executeQuery(RELEASE);
            outcomes.push({ ok: true, value });
          } catch (error) {
            await db.executeQuery(ROLLBACK_TO);
            await db.executeQuery(RELEASE);
            outcomes.push({ ok: false, error });
          }
        }
      };
      try {
        // One connection for the pragmas and the transaction, so that no
        // other write commits in between without its sync.
        const statements = this.statements;
        if (statements !== null) await this.db.connection().execute(() => this.commitOn(statements, runWrites));
        else if (this.walSync === null) await this.db.transaction().execute(runWrites);
        else {
          await this.db.connection().execute(async (db) => {
            await db.executeQuery(SYNC_NORMAL);
            try {
              await db.transaction().execute(runWrites);
            } finally {
              await db.executeQuery(SYNC_FULL);
            }
          });
        }
      } catch (error) {
        if (storageUnavailable(error) === 'busy') {
          // Writes that waited long enough fail; the others, and those queued meanwhile, wait on together.
          const now = Date.now();
          for (const item of batch) if (item.deadline <= now) item.reject(error);
          batch = [...batch.filter((item) => item.deadline > now), ...this.queue];
          this.queue = [];
          if (batch.length === 0) return;
          await new Promise((resolve) => setTimeout(resolve, pause));
          pause = Math.min(pause * 2, 200);
          continue;
        }
        for (const item of batch) item.reject(error);
        return;
      }
      this.settle(batch, outcomes);
      return;
    }
  }

  /**
   * Commits `runWrites` with `run` ({@link CommitBatcherOptions.statements});
   * the caller holds the connection. A failed batch rolls back and fails with
   * its own error (SQLite may have ended the transaction itself, as on a full
   * disk, and then the rollback's error says nothing).
   */
  private async commitOn(run: (query: CompiledQuery) => QueryResult<unknown>, runWrites: (db: QueryRunner) => Promise<void>): Promise<void> {
    const db: QueryRunner = { executeQuery: async <R>(query: CompiledQuery<R>) => run(query) as QueryResult<R> };
    if (this.walSync !== null) run(SYNC_NORMAL);
    try {
      run(BEGIN);
      try {
        await runWrites(db);
        run(COMMIT);
      } catch (error) {
        try {
          run(ROLLBACK);
        } catch {
          // Already rolled back by SQLite.
        }
        throw error;
      }
    } finally {
      if (this.walSync !== null) run(SYNC_FULL);
    }
  }

  /** Settles a committed batch's writes: the durable ones once the log is on disk. */
  private settle(batch: Queued[], outcomes: Outcome[]): void {
    const settle = (item: Queued, i: number) => {
      const outcome = outcomes[i];
      if (outcome === undefined) item.reject(new Error('The write was not run'));
      else if (outcome.ok) item.resolve(outcome.value);
      else item.reject(outcome.error);
    };
    const waiting: number[] = [];
    batch.forEach((item, i) => {
      if (item.durable && this.walSync !== null) waiting.push(i);
      else settle(item, i);
    });
    if (waiting.length === 0 || this.walSync === null) return;
    const synced = this.walSync.sync();
    this.syncing.add(synced);
    this.lastSync = synced.catch(() => {});
    synced.then(
      () => { for (const i of waiting) settle(batch[i] as Queued, i); },
      (error: unknown) => { for (const i of waiting) batch[i]?.reject(error); },
    ).finally(() => this.syncing.delete(synced));
  }
}
