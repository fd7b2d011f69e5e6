import type { MemorySeed, MemorySeedComment, MemorySeedLike } from './memory-seed';

/**
 * The demo article's thread: plain data (bodies are plain text, valid Markdown
 * too) that the memory backend takes as its `seed` and the server's dev mode
 * can insert. Replies point at their parent by `id`.
 */

/** The demo article's page id (its path). */
export const DEMO_PAGE_ID = '/small-is-beautiful-small-interventions-and-the-big-society/';

/** The demo article's title. */
export const DEMO_PAGE_TITLE = 'Small is beautiful? Small interventions and the Big Society';

const page = DEMO_PAGE_ID;

/** The comments under the demo article, oldest first. */
export const DEMO_COMMENTS: MemorySeedComment[] = [
  {
    id: 'seed-1', pageId: page, parentId: null, createdAt: '2010-07-23T09:42:00Z',
    author: { name: 'Margaret Okafor', url: 'https://example.org/margaret' }, email: 'margaret@example.org',
    body:
      'Good to see the Barking and Dagenham work getting a mention. The Eyesore Gardens campaign was small, ' +
      'but people on our estate still talk about it — it showed the Council was listening to things residents ' +
      'actually cared about.\n\nThe question is whether that can survive the cuts that are coming.',
  },
  {
    id: 'seed-2', pageId: page, parentId: 'seed-1', createdAt: '2010-07-23T10:15:00Z',
    author: { name: 'Charlie Mansell', provider: 'wordpress' },
    body:
      'Thanks Margaret. That is the real test. Small interventions are cheap, but they depend on staff who know ' +
      'the community and are trusted by it — and those are exactly the posts that get cut first.',
  },
  {
    id: 'seed-3', pageId: page, parentId: 'seed-2', createdAt: '2010-07-23T11:02:00Z',
    author: { name: 'Margaret Okafor', url: 'https://example.org/margaret' }, email: 'margaret@example.org',
    body: 'Agreed. Our community centre manager has been on a rolling six-month contract for two years now.',
  },
  {
    id: 'seed-4', pageId: page, parentId: null, createdAt: '2010-07-23T12:30:00Z',
    author: { name: 'David Reeve' }, email: 'd.reeve@example.net',
    body:
      'I am less convinced. "Contagion" is a nice word, but where is the evidence that a street party changes ' +
      'anything six months later?\n\nThe Big Society risks being a way of asking volunteers to do for free what ' +
      'paid services used to do.',
  },
  {
    id: 'seed-5', pageId: page, parentId: 'seed-4', createdAt: '2010-07-23T13:05:00Z',
    author: { name: 'Priya Shah', url: 'https://example.com/priya', provider: 'twitter' },
    body:
      'There is some evidence from the neighbourhood management pathfinders — the effects were modest but real, ' +
      'especially on how safe people felt. It is not either/or: the small things work best when the big ' +
      'services are still there behind them.',
  },
  {
    id: 'seed-6', pageId: page, parentId: 'seed-5', createdAt: '2010-07-23T14:20:00Z',
    author: { name: 'David Reeve' }, email: 'd.reeve@example.net',
    body: 'Fair point, Priya — I had not seen that. "Behind them" is the bit I worry about.',
  },
  {
    id: 'seed-7', pageId: page, parentId: null, createdAt: '2010-07-24T08:10:00Z',
    author: { name: 'Tom Hargreaves', provider: 'google' },
    body:
      'The Sir Paul Stephenson quote is the heart of it for me. People will challenge nuisance behaviour when ' +
      'they believe someone will back them up.\n\nThat psychological contract is built street by street.',
  },
  {
    id: 'seed-8', pageId: page, parentId: 'seed-7', createdAt: '2010-07-24T09:45:00Z',
    author: { name: 'Ann Whitfield', url: 'https://example.net/ann' }, email: 'ann.whitfield@example.net',
    body: 'Street by street — and council by council. It would be good to hear how other boroughs compare.',
  },
];

/** The people who liked the demo article, oldest first. */
export const DEMO_LIKES: MemorySeedLike[] = [
  { pageId: page, at: '2010-07-23T09:50:00Z', liker: { name: 'Margaret Okafor', url: 'https://example.org/margaret' } },
  { pageId: page, at: '2010-07-23T13:10:00Z', liker: { name: 'Priya Shah', provider: 'twitter' } },
  { pageId: page, at: '2010-07-24T08:12:00Z', liker: { name: 'Tom Hargreaves', provider: 'google' } },
];

/** The whole demo seed, ready for `new MemoryBackend({ seed: DEMO_SEED })`. */
export const DEMO_SEED: MemorySeed = { comments: DEMO_COMMENTS, likes: DEMO_LIKES };
