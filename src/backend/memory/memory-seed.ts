import type { Author, VisibleStatus } from '../../model/types';

/** One comment to start a memory backend with (also usable to seed a server). */
export interface MemorySeedComment {
  /** Stable id, referenced by replies' `parentId`. */
  id: string;
  pageId: string;
  parentId: string | null;
  author: Author;
  /** The guest's email, never shown; later comments with it skip moderation. */
  email?: string;
  /** Plain text; blank lines separate paragraphs. */
  body: string;
  /** ISO 8601 timestamp. */
  createdAt: string;
  /** @default 'approved' */
  status?: VisibleStatus;
}

/** One like of a page, to start a memory backend with. */
export interface MemorySeedLike {
  pageId: string;
  liker: Author;
  /** ISO 8601 timestamp. */
  at: string;
}

/** The data a memory backend starts with. */
export interface MemorySeed {
  comments?: MemorySeedComment[];
  likes?: MemorySeedLike[];
}
