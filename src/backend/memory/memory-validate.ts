import { safeParse, type GenericSchema, type InferOutput } from 'valibot';
import { NatterError } from '../../model/errors';
import type { GuestIdentity, SiteConfig } from '../../model/types';
import { problemOf } from '../../protocol/problem';
import { editCommentRequest, fields, guestIdentity, likeRequest } from '../../protocol/schemas';

/**
 * The memory backend checks what it is given with the natter server's own
 * request schemas (`protocol/schemas.ts`), so both accept and refuse the same
 * input with the same codes and fields.
 */
function parse<S extends GenericSchema>(schema: S, value: unknown, operation: string, what: string, field?: string): InferOutput<S> {
  const result = safeParse(schema, value, { abortEarly: true });
  if (result.success) return result.output;
  const problem = problemOf(result.issues, what, field);
  throw new NatterError(problem.code, `${operation}: ${problem.message}`, problem.field === undefined ? {} : { field: problem.field });
}

/** A page id under the protocol's rule. */
export function checkPageId(pageId: unknown, operation: string): string {
  return parse(fields().pageId, pageId, operation, 'page', 'pageId');
}

/** A comment body under the protocol's rule, with the site's limit. */
export function checkBody(body: unknown, limits: SiteConfig['limits'], operation: string): string {
  return parse(editCommentRequest(limits), { body }, operation, 'comment').body;
}

/** Name shown for a guest who left it out where the site does not require it. */
export const ANONYMOUS = 'Anonymous';

/**
 * Guest details checked and normalised. When the site does not require name
 * and email, either may be left blank (the email is then `''` and the name
 * {@link ANONYMOUS}).
 */
export function checkGuest(guest: GuestIdentity | undefined, config: SiteConfig, operation: string): GuestIdentity {
  const required = config.requireNameEmail;
  if (guest === undefined || guest === null) {
    if (!required) return { name: ANONYMOUS, email: '' };
    throw new NatterError('invalid', `${operation}: guests must give a name and an email address`, { field: 'name' });
  }
  const { name = '', email = '', url } = parse(guestIdentity(config.limits, required), guest, operation, 'guest details');
  return { name: name || ANONYMOUS, email, ...(url ? { url } : {}) };
}

/** A guest liker's public name and website. */
export function checkLiker(liker: Partial<GuestIdentity>, config: SiteConfig, operation: string): { name: string; url?: string } {
  const { guest } = parse(likeRequest(config.limits), { guest: liker }, operation, 'like');
  return guest?.url ? { name: guest.name, url: guest.url } : { name: guest?.name ?? ANONYMOUS };
}
