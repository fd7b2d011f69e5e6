import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from './schema';
import { storageUnavailable } from './storage-unavailable';

interface Queued {
  work: (trx: Transaction<Database>) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  /** When this write stops waiting for another connection's write lock. */
  deadline: number;
}

/** How long writes wait for a write lock another connection holds, by default. */
export const LOCK_WAIT_MS = 5000;

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * Group commit for SQLite: writes that arrive together run in one
 * transaction, each inside its own savepoint, and share one commit — one
 * disk sync instead of one per write. Every write's promise settles only
 * after that commit returned, so with `synchronous=FULL` nothing is
 * acknowledged before it is on disk; a write that fails rolls back to its
 * savepoint alone, and a failed commit fails every write of the batch.
 *
 * A batch is whatever was queued by the time the event loop comes round
 * (`setImmediate`): one write alone waits for nothing, and while one batch
 * syncs, the requests that arrive meanwhile gather into the next. While
 * another connection holds the write lock, a batch waits for it (without
 * blocking the event loop) for up to `lockWaitMs`.
 */
export class CommitBatcher {
  private queue: Queued[] = [];
  private scheduled = false;
  private running: Promise<void> = Promise.resolve();

  /**
   * @param lockWaitMs how long a batch waits for another connection's write
   *   lock before its writes fail with `SQLITE_BUSY` (a 503 to the client).
   */
  constructor(private readonly db: Kysely<Database>, private readonly lockWaitMs = LOCK_WAIT_MS) {}

  /** Runs `work` in the next batch's transaction; resolves after that transaction committed. */
  run<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject, deadline: Date.now() + this.lockWaitMs });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.running = this.running.then(() => this.flush());
        });
      }
    });
  }

  /** Resolves when every write queued so far has settled. */
  async drain(): Promise<void> {
    while (this.scheduled || this.queue.length > 0) await new Promise((resolve) => setImmediate(resolve));
    await this.running;
  }

  private async flush(): Promise<void> {
    let batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    let pause = 10;
    for (;;) {
      const outcomes: Outcome[] = [];
      try {
        await this.db.transaction().execute(async (trx) => {
          // Take the write lock before any write: while another connection (a
          // backup) holds it, nothing has run yet, and the batch waits here
          // without blocking the event loop, as SQLite's busy timeout would.
          await sql`delete from settings where 0`.execute(trx);
          for (const item of batch) {
            await sql`savepoint natter_write`.execute(trx);
            try {
              const value = await item.work(trx);
              await sql`release natter_write`.execute(trx);
              outcomes.push({ ok: true, value });
            } catch (error) {
              await sql`rollback to natter_write`.execute(trx);
              await sql`release natter_write`.execute(trx);
              outcomes.push({ ok: false, error });
            }
          }
        });
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
      batch.forEach((item, i) => {
        const outcome = outcomes[i];
        if (outcome === undefined) item.reject(new Error('The write was not run'));
        else if (outcome.ok) item.resolve(outcome.value);
        else item.reject(outcome.error);
      });
      return;
    }
  }
}
