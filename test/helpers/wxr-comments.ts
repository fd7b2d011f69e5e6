import { SaxesParser } from 'saxes';

/** A `wp:comment` of a WXR file, its fields as written (WordPress's importer reads the same ones). */
export interface WxrFileComment {
  id: string;
  author: string;
  email: string;
  url: string;
  ip: string;
  dateGmt: string;
  content: string;
  /** `1`, `0`, `spam` or `trash`. */
  approved: string;
  type: string;
  /** `0` for a top-level comment. */
  parent: string;
}

/** An `item` of a WXR file: a post, its meta and its comments. */
export interface WxrFileItem {
  postId: string;
  link: string;
  title: string;
  meta: { key: string; value: string }[];
  comments: WxrFileComment[];
}

/**
 * Reads the items of a WXR file, for tests that check what a file carries
 * without natter's own reader (which is what they test).
 */
export function readWxrItems(xml: string): WxrFileItem[] {
  const items: WxrFileItem[] = [];
  const parser = new SaxesParser({ xmlns: false });
  const path: string[] = [];
  let text = '';
  let item: WxrFileItem | null = null;
  let fields = new Map<string, string>();
  parser.on('opentag', (tag) => {
    path.push(tag.name);
    text = '';
    if (tag.name === 'item') item = { postId: '', link: '', title: '', meta: [], comments: [] };
    if (tag.name === 'wp:comment' || tag.name === 'wp:postmeta') fields = new Map();
  });
  parser.on('text', (t) => { text += t; });
  parser.on('cdata', (t) => { text += t; });
  parser.on('closetag', (tag) => {
    path.pop();
    const parent = path[path.length - 1];
    if (item === null) return;
    if (parent === 'wp:comment' || parent === 'wp:postmeta') fields.set(tag.name, text);
    else if (parent === 'item' && tag.name === 'wp:post_id') item.postId = text.trim();
    else if (parent === 'item' && tag.name === 'link') item.link = text.trim();
    else if (parent === 'item' && tag.name === 'title') item.title = text.trim();
    if (tag.name === 'wp:postmeta') item.meta.push({ key: fields.get('wp:meta_key') ?? '', value: fields.get('wp:meta_value') ?? '' });
    if (tag.name === 'wp:comment') {
      const f = (name: string) => fields.get(`wp:comment_${name}`) ?? '';
      item.comments.push({
        id: f('id').trim(), author: f('author'), email: f('author_email'), url: f('author_url').trim(), ip: f('author_IP'),
        dateGmt: f('date_gmt'), content: f('content'), approved: f('approved'), type: f('type') || 'comment', parent: f('parent').trim() || '0',
      });
    }
    if (tag.name === 'item') {
      items.push(item);
      item = null;
    }
    text = '';
  });
  parser.write(xml).close();
  return items;
}
