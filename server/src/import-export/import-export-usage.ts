/** Usage of `natter import` and `natter export`. */
export const IMPORT_EXPORT_USAGE = `Usage: natter import wxr|disqus|json <file> [--db <path|url>] [--secret <s>]
       natter export --format wxr|disqus|json [--page <id>] [--out <file>] [--db <path|url>]

  import wxr     a WordPress export (Tools → Export), WXR 1.0–1.2
  import disqus  a Disqus XML export
  import json    natter's own export (natter export --format json)
  --format       wxr: for WordPress's importer; disqus: for Disqus's importer; json: natter's own, lossless
  --page <id>    export only this page (e.g. /2024/03/small-is-beautiful/)
  --out <file>   write the file here instead of to standard output
  --site-url <u> the site's address, for pages natter knows only by path (default: first of --origins, else the public URL)
  --db, DATABASE_URL and the other flags of natter serve choose the database as natter serve does.
  An import is one transaction: a malformed or truncated file imports nothing. Importing a file again adds nothing.
`;
