import pg from 'pg';
import { parsePageEvent, type EventBus, type PageEvent } from './event-bus';
import { MemoryEventBus } from './memory-event-bus';

const CHANNEL = 'natter_events';

/**
 * How far before the moment a dropped listener was noticed its catch-up
 * starts: notifications of commits made just before the drop may never have
 * arrived. Readers get nothing twice (the live hub remembers what it sent).
 */
const RESYNC_SLACK_MS = 5000;

/**
 * The {@link EventBus} across processes on one PostgreSQL: events go out with
 * `pg_notify` and every process (this one included) hears them on `LISTEN`.
 * The listening connection reconnects after a drop, and then tells its
 * resync listeners from when events may have been missed.
 */
export class PostgresEventBus implements EventBus {
  private readonly local = new MemoryEventBus();
  private client: pg.Client | null = null;
  private closed = false;
  private retry: ReturnType<typeof setTimeout> | null = null;
  /** When the listener was lost, until it listens again. */
  private lostAt: number | null = null;
  private readonly resyncListeners = new Set<(since: number) => void>();

  private constructor(private readonly url: string, private readonly publisher: pg.Pool) {}

  /** Connects the listener; resolves once `LISTEN` is active. */
  static async connect(url: string): Promise<PostgresEventBus> {
    const pool = new pg.Pool({ connectionString: url, max: 2 });
    pool.on('error', () => {});
    const bus = new PostgresEventBus(url, pool);
    await bus.listen();
    return bus;
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url });
    client.on('error', () => this.reconnect(client));
    client.on('end', () => this.reconnect(client));
    client.on('notification', (msg) => {
      if (msg.channel !== CHANNEL || msg.payload === undefined) return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(msg.payload);
      } catch {
        return;
      }
      const event = parsePageEvent(parsed);
      if (event) this.local.deliver(event);
    });
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    this.client = client;
    const lostAt = this.lostAt;
    this.lostAt = null;
    if (lostAt !== null) {
      for (const listener of [...this.resyncListeners]) {
        try {
          listener(lostAt - RESYNC_SLACK_MS);
        } catch {
          // One failing listener must not keep the others from catching up.
        }
      }
    }
  }

  private reconnect(client: pg.Client): void {
    if (this.closed || this.client !== client) return;
    this.client = null;
    this.lostAt ??= Date.now();
    client.removeAllListeners('end');
    void client.end().catch(() => {});
    this.retry = setTimeout(() => {
      this.retry = null;
      if (!this.closed) this.listen().catch(() => this.scheduleAgain());
    }, 500);
  }

  private scheduleAgain(): void {
    if (this.closed) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      if (!this.closed) this.listen().catch(() => this.scheduleAgain());
    }, 1000);
  }

  async publish(event: PageEvent): Promise<void> {
    if (this.closed) return;
    await this.publisher.query('SELECT pg_notify($1, $2)', [CHANNEL, JSON.stringify(event)]);
  }

  subscribe(pageId: string, listener: (event: PageEvent) => void): () => void {
    return this.local.subscribe(pageId, listener);
  }

  onResync(listener: (since: number) => void): () => void {
    this.resyncListeners.add(listener);
    return () => this.resyncListeners.delete(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.resyncListeners.clear();
    if (this.retry) clearTimeout(this.retry);
    const client = this.client;
    this.client = null;
    await Promise.all([client?.end().catch(() => {}), this.publisher.end().catch(() => {}), this.local.close()]);
  }
}
