/** Protocols of links to websites and avatars. */
const HTTP: readonly string[] = ['http:', 'https:'];

/**
 * `url` normalised when the browser's URL parser reads it as an absolute URL
 * with one of `protocols` (http and https by default), else `null`.
 */
export function httpUrl(url: string | null | undefined, protocols = HTTP): string | null {
  // Most comments have no website or avatar: answer those without a thrown (and slow) TypeError.
  if (!url) return null;
  try {
    const parsed = new URL(url ?? '');
    return protocols.includes(parsed.protocol) ? parsed.href : null;
  } catch {
    return null;
  }
}
