import { invalid } from '../http/api-error';

/** An opaque cursor naming the last item of a page and the order it was read in. */
export function encodeCursor(kind: string, id: string): string {
  return Buffer.from(`n1:${kind}:${id}`, 'utf8').toString('base64url');
}

/** The id inside a cursor made by {@link encodeCursor} for `kind`; anything else is a 400. */
export function decodeCursor(kind: string, cursor: string): string {
  if (cursor.length > 64 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid('The cursor is not valid', 'cursor');
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const m = /^n1:([a-z]+):([1-9][0-9]{0,14})$/.exec(text);
  if (!m || m[1] !== kind || m[2] === undefined) throw invalid('The cursor is not valid', 'cursor');
  return m[2];
}
