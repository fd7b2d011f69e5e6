import { PROVIDERS } from '../../model/types';
import type { Author, ProviderId, Session } from '../../model/types';

/** The fake users the memory backend signs in as, one per provider. */
export const SIMULATED_USERS: Readonly<Record<ProviderId, Session['user']>> = {
  wordpress: { id: 'simulated-wordpress', name: 'Alex Morgan' },
  google: { id: 'simulated-google', name: 'Sam Patel' },
  twitter: { id: 'simulated-twitter', name: 'Jo Rivers' },
  facebook: { id: 'simulated-facebook', name: 'Chris Taylor' },
};

const isString = (v: unknown): v is string => typeof v === 'string';

/** A {@link Session} read back from storage (JSON text), or `null`. */
export function parseSession(text: string | null): Session | null {
  if (text === null) return null;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof v !== 'object' || v === null || !('provider' in v) || !('user' in v)) return null;
  const provider = PROVIDERS.find((p) => p === v.provider);
  const user: unknown = v.user;
  if (!provider || typeof user !== 'object' || user === null || !('id' in user) || !('name' in user)) return null;
  if (!isString(user.id) || !isString(user.name)) return null;
  const session: Session = { provider, user: { id: user.id, name: user.name } };
  if ('avatarUrl' in user && isString(user.avatarUrl)) session.user.avatarUrl = user.avatarUrl;
  if ('profileUrl' in user && isString(user.profileUrl)) session.user.profileUrl = user.profileUrl;
  return session;
}

/** A random id for this browser (no `crypto.randomUUID`: it needs a secure context). */
export function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** How a signed-in reader appears as a comment author or liker. */
export function sessionAuthor(session: Session): Author {
  const author: Author = { name: session.user.name, provider: session.provider };
  if (session.user.profileUrl !== undefined) author.url = session.user.profileUrl;
  if (session.user.avatarUrl !== undefined) author.avatarUrl = session.user.avatarUrl;
  return author;
}

/** A copy of `session` the caller may change freely. */
export function copySession(session: Session): Session {
  return { provider: session.provider, user: { ...session.user } };
}
