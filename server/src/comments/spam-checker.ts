/** What a spam checker sees of a new comment. Optional fields may be absent or `null`. */
export interface SpamInput {
  /** The comment's Markdown source. */
  body: string;
  authorName: string;
  authorEmail?: string | null;
  authorUrl?: string | null;
  ip?: string | null;
  userAgent?: string | null;
  /** The article's URL (its permalink). */
  pageUrl?: string | null;
  pageId: string;
}

/** A checker's verdict; `unsure` when it could not decide (or could not be asked). */
export type SpamVerdict = 'ham' | 'spam' | 'unsure';

/** A pluggable spam checker, asked by the server about every new comment. */
export interface SpamChecker {
  check(input: SpamInput): Promise<SpamVerdict>;
}

/** The checker used when none is configured: it never has an opinion. */
export const noSpamChecker: SpamChecker = {
  check: () => Promise.resolve('unsure'),
};

/** Options for {@link createAkismetChecker}. */
export interface AkismetOptions {
  /** Base URL of the service. @default 'https://rest.akismet.com' */
  endpoint?: string;
  /** The API key. */
  key: string;
  /** The site's front page URL (Akismet's `blog`). */
  site: string;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Longest wait for an answer before giving up with `unsure`. @default 3000 */
  timeoutMs?: number;
  /** Told why a check ended in `unsure`. @default nothing */
  log?: (message: string, error?: unknown) => void;
}

/** Akismet's `comment-check` form fields for a comment. */
export function akismetFields(input: SpamInput, key: string, site: string): URLSearchParams {
  const form = new URLSearchParams({
    api_key: key,
    blog: site,
    comment_type: 'comment',
    comment_author: input.authorName,
    comment_content: input.body,
    blog_charset: 'UTF-8',
  });
  const optional: [string, string | null | undefined][] = [
    ['user_ip', input.ip],
    ['user_agent', input.userAgent],
    ['comment_author_email', input.authorEmail],
    ['comment_author_url', input.authorUrl],
    ['permalink', input.pageUrl],
  ];
  for (const [name, value] of optional) if (value) form.set(name, value);
  return form;
}

/**
 * Reads Akismet's answer: body `true` is spam (with or without
 * `X-akismet-pro-tip: discard`, which only says it is blatant), `false` is ham,
 * anything else (`invalid`, an error page, a non-200) is `unsure`.
 */
export async function processAkismetResponse(response: Response): Promise<SpamVerdict> {
  if (response.status !== 200) return 'unsure';
  const text = (await response.text()).trim();
  if (text === 'true') return 'spam';
  if (text === 'false') return 'ham';
  return 'unsure';
}

/**
 * A checker speaking Akismet's `comment-check` protocol (form-encoded POST to
 * `<endpoint>/1.1/comment-check`). It fails open: when the service errs, times
 * out or answers something unexpected the verdict is `unsure`, so a comment is
 * never lost to an outage — the moderation policy decides what `unsure` means.
 *
 * @example createAkismetChecker({ key: process.env.AKISMET_KEY, site: 'https://blog.example' })
 */
export function createAkismetChecker(options: AkismetOptions): SpamChecker {
  const endpoint = (options.endpoint ?? 'https://rest.akismet.com').replace(/\/+$/, '');
  const url = `${endpoint}/1.1/comment-check`;
  const doFetch = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? 3000;
  const log = options.log ?? (() => {});
  return {
    async check(input) {
      try {
        const response = await doFetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' },
          body: akismetFields(input, options.key, options.site).toString(),
          redirect: 'error',
          signal: AbortSignal.timeout(timeoutMs),
        });
        const verdict = await processAkismetResponse(response);
        if (verdict === 'unsure') {
          log(`spam check: POST ${url} answered ${response.status} ${response.headers.get('x-akismet-debug-help') ?? ''}`.trim());
        }
        return verdict;
      } catch (error) {
        log(`spam check: POST ${url} failed`, error);
        return 'unsure';
      }
    },
  };
}
