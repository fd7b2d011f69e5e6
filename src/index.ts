// The npm package's public surface, every export by name (pinned by test/exports.test.ts).
export { mount, defineNatterComments } from './entries/npm';
export type { MountOptions, NatterHandle } from './mount';
export { MemoryBackend } from './backend/memory/memory';
export type { MemoryBackendOptions } from './backend/memory/memory';
export { HttpBackend } from './backend/http/http';
export type { HttpBackendOptions } from './backend/http/http';
export { NatterError, isNatterError } from './model/errors';
export type { NatterErrorOptions } from './model/errors';
export { createTranslator } from './i18n/translator';
export type { Catalogue, Translator } from './i18n/translator';
export type { CatalogueLoader } from './i18n/load-catalogue';
export { ERROR_CODES } from './protocol/error-codes';
export type { ErrorCode } from './protocol/error-codes';
export type {
  Backend, CommentEdit, CommentPage, ListQuery, LiveEvent, NewComment, SignInOptions,
} from './backend/backend';
export type {
  Author, Comment, GuestIdentity, LikeSummary, ProviderId, Session, SiteConfig, SortOrder, VisibleStatus,
} from './model/types';
export { PROVIDERS } from './model/types';
