import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { ApiError, invalid } from './api-error';
import { bearerToken } from './request-helpers';
import type { Services } from '../services';
import type { StoredUser } from '../storage/storage';

const VISITOR = /^[A-Za-z0-9_-]{16,128}$/;

/** Who sent a request. */
export interface Caller {
  /** The signed-in user, from `Authorization: Bearer <session token>`. */
  user: StoredUser | null;
  /** Keyed hash of the `X-Natter-Visitor` secret (the secret itself is never stored). */
  visitorHash: string | null;
  /** The client address (see `--trust-proxy`). */
  ip: string;
  userAgent: string | null;
}

/** The client address: the socket's, or with `trustProxy` N the N-th `X-Forwarded-For` entry from the right. */
export function clientIp(c: Context, trustProxy: number): string {
  if (trustProxy > 0) {
    const chain = (c.req.header('x-forwarded-for') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    if (chain.length > 0) return chain[Math.max(0, chain.length - trustProxy)] ?? 'unknown';
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Resolves the caller; a bad bearer token is a 401, a malformed visitor id a 400. */
export async function resolveCaller(c: Context, s: Services): Promise<Caller> {
  const token = bearerToken(c);
  let user: StoredUser | null = null;
  if (token !== null) {
    const active = await s.sessions.verifyUser(token);
    if (!active) throw new ApiError(401, 'unauthorized', 'The session is invalid, expired or revoked');
    user = active.user;
  }
  // Reads may carry the visitor id as `?visitor=`, so the browser sends them
  // without a CORS preflight; their answers say `Cache-Control: private`.
  const read = c.req.method === 'GET' || c.req.method === 'HEAD';
  const visitor = c.req.header('x-natter-visitor') ?? (read ? c.req.query('visitor') : undefined);
  if (visitor !== undefined && !VISITOR.test(visitor)) throw invalid('The visitor id must be 16..128 characters of A-Z a-z 0-9 _ -', 'visitor');
  const ua = c.req.header('user-agent');
  return {
    user,
    visitorHash: visitor === undefined ? null : s.visitorHash(visitor),
    ip: clientIp(c, s.config.trustProxy),
    userAgent: ua === undefined ? null : ua.slice(0, 512),
  };
}
