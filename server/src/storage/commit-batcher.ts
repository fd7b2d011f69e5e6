import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from './schema';

interface Queued {
  work: (trx: Transaction<Database>) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

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
 * syncs, the requests that arrive meanwhile gather into the next.
 */
export class CommitBatcher {
  private queue: Queued[] = [];
  private scheduled = false;
  private running: Promise<void> = Promise.resolve();

  constructor(private readonly db: Kysely<Database>) {}

  /** Runs `work` in the next batch's transaction; resolves after that transaction committed. */
  run<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
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
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    const outcomes: Outcome[] = [];
    try {
      await this.db.transaction().execute(async (trx) => {
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
      for (const item of batch) item.reject(error);
      return;
    }
    batch.forEach((item, i) => {
      const outcome = outcomes[i];
      if (outcome === undefined) item.reject(new Error('The write was not run'));
      else if (outcome.ok) item.resolve(outcome.value);
      else item.reject(outcome.error);
    });
  }
}
