import type { Migration } from 'kysely';
import * as sqlite0001 from './migrations/sqlite/0001_init';
import * as sqlite0002 from './migrations/sqlite/0002_sign_in';
import * as sqlite0003 from './migrations/sqlite/0003_viewer_index';
import * as sqlite0004 from './migrations/sqlite/0004_import_ids';
import * as sqlite0005 from './migrations/sqlite/0005_thread_index';
import * as sqlite0006 from './migrations/sqlite/0006_avatar_picture';
import * as sqlite0007 from './migrations/sqlite/0007_drop_prefix_indexes';
import * as sqlite0008 from './migrations/sqlite/0008_partial_indexes';
import * as sqlite0009 from './migrations/sqlite/0009_page_counts';
import * as sqlite0010 from './migrations/sqlite/0010_comment_json';
import * as sqlite0011 from './migrations/sqlite/0011_partial_import_index';
import * as sqlite0012 from './migrations/sqlite/0012_status_time';
import * as postgres0001 from './migrations/postgres/0001_init';
import * as postgres0002 from './migrations/postgres/0002_sign_in';
import * as postgres0003 from './migrations/postgres/0003_viewer_index';
import * as postgres0004 from './migrations/postgres/0004_import_ids';
import * as postgres0005 from './migrations/postgres/0005_thread_index';
import * as postgres0006 from './migrations/postgres/0006_avatar_picture';
import * as postgres0007 from './migrations/postgres/0007_drop_prefix_indexes';
import * as postgres0008 from './migrations/postgres/0008_partial_indexes';
import * as postgres0009 from './migrations/postgres/0009_page_counts';
import * as postgres0010 from './migrations/postgres/0010_comment_json';
import * as postgres0011 from './migrations/postgres/0011_partial_import_index';
import * as postgres0012 from './migrations/postgres/0012_status_time';

/** The SQLite migrations by name, in order. Names match {@link POSTGRES_MIGRATIONS}. */
export const SQLITE_MIGRATIONS: Record<string, Migration> = {
  '0001_init': sqlite0001,
  '0002_sign_in': sqlite0002,
  '0003_viewer_index': sqlite0003,
  '0004_import_ids': sqlite0004,
  '0005_thread_index': sqlite0005,
  '0006_avatar_picture': sqlite0006,
  '0007_drop_prefix_indexes': sqlite0007,
  '0008_partial_indexes': sqlite0008,
  '0009_page_counts': sqlite0009,
  '0010_comment_json': sqlite0010,
  '0011_partial_import_index': sqlite0011,
  '0012_status_time': sqlite0012,
};

/** The PostgreSQL migrations by name, in order. Names match {@link SQLITE_MIGRATIONS}. */
export const POSTGRES_MIGRATIONS: Record<string, Migration> = {
  '0001_init': postgres0001,
  '0002_sign_in': postgres0002,
  '0003_viewer_index': postgres0003,
  '0004_import_ids': postgres0004,
  '0005_thread_index': postgres0005,
  '0006_avatar_picture': postgres0006,
  '0007_drop_prefix_indexes': postgres0007,
  '0008_partial_indexes': postgres0008,
  '0009_page_counts': postgres0009,
  '0010_comment_json': postgres0010,
  '0011_partial_import_index': postgres0011,
  '0012_status_time': postgres0012,
};
