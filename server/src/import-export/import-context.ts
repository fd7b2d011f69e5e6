import { avatarKey } from '../avatars/avatars';
import { renderMarkdown } from '../comments/markdown';
import { randomToken } from '../http/crypto';
import type { Storage } from '../storage/storage';
import type { ImportContext } from './comment-importer';

/**
 * What imports need from the server, as `natter serve` sets it up: avatar keys
 * under the server's secret (the configured one, else the one kept in the
 * database, created as `natter serve` would) and its Markdown renderer.
 */
export async function createImportContext(storage: Storage, secret: string | null): Promise<ImportContext> {
  const key = secret ?? (await storage.getOrCreateSetting('secret', () => randomToken(48)));
  return { avatarKey: (identity) => avatarKey(key, identity), renderMarkdown };
}
