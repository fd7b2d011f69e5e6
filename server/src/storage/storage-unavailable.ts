/** Why the database could not take a request for now. */
export type UnavailableReason = 'full' | 'busy' | 'down';

/** PostgreSQL SQLSTATEs that mean "not now" rather than "never": out of space or resources, shutting down, starting, connection lost. */
const POSTGRES_STATES: [RegExp, UnavailableReason][] = [
  [/^53100$/, 'full'],
  [/^53/, 'busy'],
  [/^57P0[1-3]$/, 'down'],
  [/^08/, 'down'],
];

/** Node's socket errors when the database server is away. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN']);

function reasonOf(error: object): UnavailableReason | null {
  const code: unknown = Reflect.get(error, 'code');
  if (typeof code === 'string') {
    // better-sqlite3's SqliteError: the disk (or max_page_count) is full, or another connection holds the lock.
    if (code === 'SQLITE_FULL') return 'full';
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'busy';
    if (code.startsWith('SQLITE_IOERR')) return 'down';
    for (const [pattern, reason] of POSTGRES_STATES) if (pattern.test(code)) return reason;
    if (SOCKET_CODES.has(code)) return 'down';
  }
  // pg reports a connection dropped mid-query, or a client left broken by it, with these messages and no code.
  const message: unknown = Reflect.get(error, 'message');
  if (typeof message === 'string' && /^(Connection terminated( unexpectedly| due to connection timeout)?|Client has encountered a connection error and is not queryable)$/.test(message)) return 'down';
  return null;
}

/**
 * Whether `error` (or one of its causes) says the database cannot take the
 * request for now — full, locked, restarting — so the client should retry
 * later; `null` for any other failure.
 */
export function storageUnavailable(error: unknown): UnavailableReason | null {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const reason = reasonOf(current);
    if (reason !== null) return reason;
    current = Reflect.get(current, 'cause');
  }
  return null;
}
