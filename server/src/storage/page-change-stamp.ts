import pg from 'pg';

/** The channel natter servers announce their page changes on. */
const CHANNEL = 'natter_changes';

/**
 * The change stamp of a PostgreSQL storage (see `KyselyStorage`'s
 * `changeStamp`): a count moved by this server's own page changes at once,
 * and by every notification on `natter_changes`, which each natter server
 * (and `natter import`) sends after committing one. So a page state read
 * again is answered from memory until something changes, as on SQLite,
 * instead of one round trip per read.
 *
 * The notification is sent after the commit, in a transaction of its own: a
 * NOTIFY inside the writing transaction would hold PostgreSQL's notification
 * lock through the commit and serialise every writer's commit. Another
 * server sees a change when the notification arrives, a moment after the
 * commit (about a millisecond on one machine). A change made outside natter
 * (psql) is seen once natter changes anything, or when the listening
 * connection comes back. While that connection is not up (starting, cut,
 * PostgreSQL restarting), the stamp differs at every call: nothing is kept,
 * every read goes to the database.
 */
export class PageChangeStamp {
  private count = 0;
  private client: pg.Client | null = null;
  private closed = false;
  private retry: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly url: string) {}

  /** Starts listening, in the background; until it listens, nothing is kept. */
  start(): void {
    this.listen().catch(() => this.again());
  }

  /** Moves the stamp for a change this server committed, and tells the others through `notify` (which sends `NOTIFY natter_changes`). */
  async announce(notify: (channel: string) => Promise<unknown>): Promise<void> {
    this.count++;
    await notify(CHANNEL);
  }

  /** The current stamp. */
  readonly stamp = (): string => (this.client === null ? `off:${++this.count}` : String(this.count));

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => {});
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url });
    const lost = () => this.lost(client);
    client.on('error', lost);
    client.on('end', lost);
    client.on('notification', (msg) => {
      if (msg.channel === CHANNEL) this.count++;
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
    } catch (error) {
      client.removeAllListeners('end');
      await client.end().catch(() => {});
      throw error;
    }
    if (this.closed) {
      await client.end().catch(() => {});
      return;
    }
    // Whatever changed while nobody listened: states read from now on start afresh.
    this.count++;
    this.client = client;
  }

  private lost(client: pg.Client): void {
    if (this.client !== client) return;
    this.client = null;
    client.removeAllListeners('end');
    void client.end().catch(() => {});
    this.again();
  }

  private again(): void {
    if (this.closed || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      if (!this.closed) this.listen().catch(() => this.again());
    }, 500);
  }
}
