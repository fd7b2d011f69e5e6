import { ApiError } from '../http/api-error';
import type { SpamCheckInput } from '../plugins';
import type { Services } from '../services';
import type { CommentStatus, StoredUser } from '../storage/storage';

/** Links in a Markdown source: URLs, `www.` hosts and `[text](…)` links. */
export function countLinks(source: string): number {
  const urls = source.match(/\b(?:https?:\/\/|www\.)[^\s<>()]+/gi)?.length ?? 0;
  const mdLinks = source.match(/\]\(\s*[^)\s]+/g)?.length ?? 0;
  return Math.max(urls, mdLinks);
}

/**
 * Throws `spam` (nothing stored) when the honeypot is filled or the form was
 * sent too fast; `missing` when a client left either signal out, which is a
 * bot signal too (the comment is held), never a pass.
 */
export function checkBotSignals(s: Services, honeypot: string | undefined, elapsedMs: number | undefined): 'pass' | 'missing' {
  if (honeypot !== undefined && honeypot !== '') throw new ApiError(400, 'spam', 'The comment was rejected as spam');
  if (elapsedMs !== undefined && elapsedMs < s.minSubmitMs) throw new ApiError(400, 'spam', 'The comment was sent too quickly to be human');
  return honeypot === undefined || elapsedMs === undefined ? 'missing' : 'pass';
}

/**
 * The status of a new comment, like WordPress: the policy first (`all` holds
 * everything, `first` holds a guest's first comment until one is approved,
 * `none` holds nothing), then too many links hold it and the spam checker may
 * hold it or mark it as spam.
 */
export async function decideStatus(
  s: Services,
  author: { user: StoredUser } | { email: string; name: string },
  spamInput: SpamCheckInput,
): Promise<CommentStatus> {
  let status: CommentStatus;
  const policy = s.config.moderation;
  if (policy === 'none') status = 'approved';
  else if (policy === 'all') status = 'pending';
  else if ('user' in author) status = 'approved';
  else status = (await s.storage.hasApprovedComment({ email: author.email, name: author.name })) ? 'approved' : 'pending';

  if (countLinks(spamInput.body) > s.maxLinks) status = 'pending';
  if (s.spamChecker) {
    let verdict: string;
    try {
      verdict = await s.spamChecker.check(spamInput);
    } catch (error) {
      s.log('the spam checker failed; holding the comment', error);
      verdict = 'unsure';
    }
    if (verdict === 'spam') status = 'spam';
    else if (verdict !== 'ham') status = 'pending';
  }
  return status;
}
