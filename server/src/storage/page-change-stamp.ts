import pg from 'pg';

/** The channel the `0007_change_notify` triggers notify on. */
const CHANNEL = 'natter_changes';

/**
 * The change stamp of a PostgreSQL storage (see `KyselyStorage`'s
 * `changeStamp`): a count moved by every notification on `natter_changes`,
 * which triggers on `pages`, `comments` and `likes` send at the commit of any
 * transaction that changed them — in this process, another natter server, the
 * command line or psql. So a page state read again is answered from memory
 * until something changes, as on SQLite, instead of one round trip per read.
 *
 * While the listening connection is not up (starting, cut, PostgreSQL
 * restarting), the stamp differs at every call, so nothing is kept or reused:
 * every read goes to the database, and no change can be missed. A change
 * becomes visible here when its notification arrives, a moment after its
 * commit (about a millisecond on one machine).
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
