import { createHmac } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';
import { randomToken } from '../http/crypto';
import type { Storage, StoredSession, StoredUser } from '../storage/storage';

/** Lifetimes of the tokens natter issues. */
export interface SessionLifetimes {
  /** Reader sessions, in seconds. @default 604800 (7 days) */
  userSeconds: number;
  /** Admin tokens, in seconds. @default 43200 (12 hours) */
  adminSeconds: number;
}

/** A verified, unrevoked session with its user. */
export interface ActiveSession {
  session: StoredSession;
  user: StoredUser;
}

const ISSUER = 'natter';

/**
 * Issues and verifies natter's bearer tokens: HS256 JWTs signed with a key
 * derived from the server secret, whose token id (`jti`) is stored so a token
 * can be revoked before it expires. Sign-in flows call {@link SessionManager.issueUserSession}.
 */
export class SessionManager {
  private readonly key: Uint8Array;
  private readonly lifetimes: SessionLifetimes;

  constructor(
    private readonly storage: Storage,
    secret: string,
    private readonly now: () => number = Date.now,
    lifetimes: Partial<SessionLifetimes> = {},
  ) {
    this.key = new Uint8Array(createHmac('sha256', secret).update('natter session signing key').digest());
    this.lifetimes = { userSeconds: 7 * 86_400, adminSeconds: 12 * 3_600, ...lifetimes };
  }

  /** A new session token for a user (after sign-in). */
  async issueUserSession(userId: string): Promise<{ token: string; expiresAt: number }> {
    return this.issue('user', userId, this.lifetimes.userSeconds);
  }

  /** A new admin token (after the admin password was checked). */
  async issueAdminToken(): Promise<{ token: string; expiresAt: number }> {
    return this.issue('admin', null, this.lifetimes.adminSeconds);
  }

  /** The user behind a session token, or `null` when it is invalid, expired or revoked. */
  async verifyUser(token: string): Promise<ActiveSession | null> {
    const session = await this.verify(token, 'user');
    if (!session || session.userId === null) return null;
    const user = await this.storage.getUser(session.userId);
    return user ? { session, user } : null;
  }

  /** The admin token's session, or `null` when it is invalid, expired or revoked. */
  async verifyAdmin(token: string): Promise<StoredSession | null> {
    return this.verify(token, 'admin');
  }

  /** Revokes the token's session; false when it was not a valid active token. */
  async revoke(token: string, kind: 'user' | 'admin'): Promise<boolean> {
    const session = await this.verify(token, kind);
    return session ? this.storage.revokeSession(session.id, this.now()) : false;
  }

  private async issue(kind: 'user' | 'admin', userId: string | null, seconds: number) {
    const id = randomToken(18);
    const createdAt = this.now();
    const expiresAt = createdAt + seconds * 1000;
    await this.storage.createSession({ id, kind, userId, createdAt, expiresAt, revokedAt: null });
    const jwt = new SignJWT({ kind }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(ISSUER).setAudience(`natter:${kind}`).setJti(id)
      .setIssuedAt(Math.floor(createdAt / 1000)).setExpirationTime(Math.floor(expiresAt / 1000));
    if (userId !== null) jwt.setSubject(userId);
    return { token: await jwt.sign(this.key), expiresAt };
  }

  private async verify(token: string, kind: 'user' | 'admin'): Promise<StoredSession | null> {
    if (token.length > 2048) return null;
    let jti: unknown;
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: ISSUER, audience: `natter:${kind}`, algorithms: ['HS256'],
        currentDate: new Date(this.now()),
      });
      jti = payload.jti;
    } catch {
      return null;
    }
    if (typeof jti !== 'string') return null;
    const session = await this.storage.getSession(jti);
    if (!session || session.kind !== kind || session.revokedAt !== null || session.expiresAt <= this.now()) return null;
    return session;
  }
}
