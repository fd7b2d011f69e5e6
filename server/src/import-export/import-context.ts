import { renderMarkdown } from '../comments/markdown';
import type { ImportContext } from './comment-importer';

/** What imports need from the server, as `natter serve` sets it up: its secret (when configured) and Markdown renderer. */
export function importContext(secret: string | null): ImportContext {
  return { secret, renderMarkdown };
}
