import http from 'node:http';

/**
 * One reader with the page open: a live `GET /api/events?page=` stream over a
 * plain socket (light enough to hold thousands in one test process), counting
 * how often each comment id arrives.
 */
export class LiveReader {
  /** How many times each comment id arrived. */
  readonly received = new Map<string, number>();
  /** Resolves once the server said `ready`. */
  readonly ready: Promise<void>;
  /** Set when the stream ended or failed. */
  ended: string | null = null;
  private readonly request: http.ClientRequest;

  constructor(server: string, page: string, agent: http.Agent) {
    let onReady: () => void = () => {};
    let onFail: (error: Error) => void = () => {};
    this.ready = new Promise<void>((resolve, reject) => {
      onReady = resolve;
      onFail = reject;
    });
    const url = `${server}/api/events?page=${encodeURIComponent(page)}`;
    this.request = http.get(url, { agent, headers: { accept: 'text/event-stream' } }, (response) => {
      if (response.statusCode !== 200) {
        this.ended = `status ${response.statusCode}`;
        onFail(new Error(`${url} answered ${response.statusCode}`));
        response.resume();
        return;
      }
      response.setEncoding('utf8');
      let buffer = '';
      response.on('data', (chunk: string) => {
        buffer += chunk;
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          this.take(block, onReady);
        }
      });
      response.on('end', () => { this.ended ??= 'ended'; });
      response.on('error', (error) => { this.ended ??= error.message; });
    });
    this.request.on('error', (error) => {
      this.ended ??= error.message;
      onFail(error);
    });
  }

  private take(block: string, onReady: () => void): void {
    let event = 'message';
    let data = '';
    for (const line of block.split('\n')) {
      if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data += line.slice(5).trim();
    }
    if (event === 'ready') onReady();
    else if (event === 'comment') {
      const { id } = JSON.parse(data) as { id: string };
      this.received.set(id, (this.received.get(id) ?? 0) + 1);
    }
  }

  /** Whether every id of `ids` has arrived. */
  has(ids: Iterable<string>): boolean {
    for (const id of ids) if (!this.received.has(id)) return false;
    return true;
  }

  close(): void {
    this.request.destroy();
  }
}

/** Opens `count` readers on `server`, `batch` at a time, and waits until each is ready. */
export async function openReaders(server: string, page: string, count: number, agent: http.Agent, batch = 200): Promise<LiveReader[]> {
  const readers: LiveReader[] = [];
  for (let i = 0; i < count; i += batch) {
    const group = Array.from({ length: Math.min(batch, count - i) }, () => new LiveReader(server, page, agent));
    readers.push(...group);
    await Promise.all(group.map((r) => r.ready));
  }
  return readers;
}
