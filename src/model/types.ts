/**
 * The domain types the widget works with. The wire shapes are defined once,
 * as schemas in `protocol/`; these are their inferred types (type-only).
 */
export type {
  Author, Comment, GuestIdentity, LikeSummary, ProviderId, Session, SiteConfig, SortOrder, VisibleStatus,
} from '../protocol/api';
export { PROVIDERS } from '../protocol/providers';
