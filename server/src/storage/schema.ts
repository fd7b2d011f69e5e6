import type { Generated } from 'kysely';

/** Kysely's view of natter's tables (see migrations/). Times are milliseconds since the epoch. */
export interface Database {
  settings: { key: string; value: string };
  /** `approved_comments` is kept by triggers on `comments` (migration 0009): never written by natter's code. */
  pages: { page_id: string; version: number; title: string | null; url: string | null; approved_comments: Generated<number> };
  users: {
    id: string; provider: string; subject: string; name: string; avatar_url: string | null;
    profile_url: string | null; email: string | null; created_at: number;
  };
  sessions: {
    id: string; kind: string; user_id: string | null; created_at: number; expires_at: number;
    revoked_at: number | null;
  };
  comments: {
    id: Generated<number>; page_id: string; parent_id: number | null; root_id: number | null; status: string;
    user_id: string | null; author_name: string; author_email: string | null; author_url: string | null;
    author_provider: string | null; avatar_key: string | null; visitor_hash: string | null;
    edit_token_hash: string | null; source: string; body_html: string; content_hash: string;
    idempotency_key: string; ip: string | null; user_agent: string | null; created_at: number;
    edited_at: number | null;
    /** Where an imported comment came from (migration 0004); null for comments written here. */
    import_source: Generated<string | null>; import_id: Generated<string | null>;
    import_parent_source: Generated<string | null>; import_parent_id: Generated<string | null>;
    source_format: Generated<string>;
    /** When the comment last entered or left 'approved' (migration 0012); null while it never has. */
    status_at: Generated<number | null>;
  };
  likes: {
    page_id: string; liker_key: string; user_id: string | null; name: string; url: string | null;
    email: string | null; avatar_key: string | null; provider: string | null; created_at: number;
  };
  subscriptions: {
    id: Generated<number>; kind: string; page_id: string; email: string; name: string; created_at: number;
  };
  avatars: { key: string; email: string | null; url: string | null; picture: number | null };
  rate_limits: { bucket: string; window: number; count: number };
}
