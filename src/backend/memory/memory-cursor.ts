import { NatterError } from '../../model/errors';
import type { SortOrder } from '../../model/types';

/** Where a page ended: the last top-level comment's time (ms) and insertion order. */
export interface CursorPosition {
  sort: SortOrder;
  time: number;
  seq: number;
}

const PREFIX = 'm1.';

/** An opaque cursor for `position`. */
export function encodeCursor(position: CursorPosition): string {
  const text = `${position.sort === 'oldest' ? 'o' : 'n'}.${position.time}.${position.seq}`;
  return PREFIX + btoa(text).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
}

/** The position a cursor stands for; `invalid` when it is not one of ours or was made for another sort. */
export function decodeCursor(cursor: unknown, sort: SortOrder): CursorPosition {
  const fail = () => new NatterError('invalid', 'listComments: the cursor is not valid', { field: 'cursor' });
  if (typeof cursor !== 'string' || !cursor.startsWith(PREFIX) || cursor.length > 100) throw fail();
  let text: string;
  try {
    text = atob(cursor.slice(PREFIX.length).replace(/-/g, '+').replace(/_/g, '/'));
  } catch {
    throw fail();
  }
  const match = /^([on])\.(-?\d{1,16})\.(\d{1,16})$/.exec(text);
  if (!match) throw fail();
  const [, order, time, seq] = match;
  if ((order === 'o' ? 'oldest' : 'newest') !== sort) throw fail();
  return { sort, time: Number(time), seq: Number(seq) };
}
