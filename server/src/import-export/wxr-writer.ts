import type { CommentStatus, StoredComment, StoredLike } from '../storage/storage';
import { phpSerialize } from './php-serialized';

/** Characters XML 1.0 cannot carry at all (not even escaped): dropped from every value written. */
const NOT_XML = /[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;

/** A CDATA section holding `text` (a `]]>` inside is split across two sections). */
export function cdata(text: string): string {
  return `<![CDATA[${text.replace(NOT_XML, '').replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}

/** `text` escaped for XML element content and attribute values. */
export function xmlText(text: string): string {
  return text.replace(NOT_XML, '').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
}

/** Epoch milliseconds → WordPress's `YYYY-MM-DD HH:MM:SS` (UTC). */
export function wordpressDateText(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** The post meta key natter's WordPress plugin keeps each like of a post under (one PHP-serialized array per like). */
export const LIKE_META_KEY = '_natter_like';

/** natter's statuses → WordPress's `wp:comment_approved`. */
const APPROVED: Record<CommentStatus, string> = { approved: '1', pending: '0', spam: 'spam', deleted: 'trash' };

/** Which file a {@link WxrWriter} writes: WordPress's importer's, or the WXR variant Disqus imports. */
export type WxrFlavour = 'wordpress' | 'disqus';

/** One page as an export item. */
export interface WxrItem {
  postId: number;
  pageId: string;
  title: string;
  link: string;
  /** Epoch ms of the post (the earliest comment: WordPress dates the post before its comments). */
  date: number;
}

/** A comment as an export writes it; `content` is WordPress HTML. */
export interface WxrComment {
  comment: StoredComment;
  content: string;
}

/**
 * Writes WXR 1.2 — the file WordPress's importer reads (channel with
 * `wp:wxr_version`, items with `wp:post_id`, `wp:post_type`, `link` and
 * `wp:comment` children, parents before their replies) — or, as `disqus`, the
 * same file with the `dsq:thread_identifier` Disqus's importer keys threads by.
 */
export class WxrWriter {
  constructor(private readonly flavour: WxrFlavour) {}

  /** The document's start, up to the first item. */
  head(site: { title: string; url: string }): string {
    const url = xmlText(site.url);
    return `<?xml version="1.0" encoding="UTF-8" ?>
<!-- A WordPress eXtended RSS file written by natter: comments, grouped by the page they belong to. -->
<rss version="2.0"
	xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:wfw="http://wellformedweb.org/CommentAPI/"
	xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:wp="http://wordpress.org/export/1.2/"${this.flavour === 'disqus' ? '\n\txmlns:dsq="http://www.disqus.com/"' : ''}
>
<channel>
	<title>${xmlText(site.title)}</title>
	<link>${url}</link>
	<description></description>
	<language>en</language>
	<wp:wxr_version>1.2</wp:wxr_version>
	<wp:base_site_url>${url}</wp:base_site_url>
	<wp:base_blog_url>${url}</wp:base_blog_url>
	<generator>natter</generator>
`;
  }

  /** An item's start: the page as a post, comments open. */
  itemStart(item: WxrItem): string {
    const date = wordpressDateText(item.date);
    const slug = item.pageId.split(/[/?#]/).filter(Boolean).pop() ?? `page-${item.postId}`;
    return `	<item>
		<title>${cdata(item.title)}</title>
		<link>${xmlText(item.link)}</link>
		<pubDate>${new Date(item.date).toUTCString().replace('GMT', '+0000')}</pubDate>
		<dc:creator>${cdata('natter')}</dc:creator>
		<guid isPermaLink="false">${xmlText(item.link)}</guid>
		<description></description>
		<content:encoded>${cdata('')}</content:encoded>
		<excerpt:encoded>${cdata('')}</excerpt:encoded>${this.flavour === 'disqus' ? `
		<dsq:thread_identifier>${xmlText(item.pageId)}</dsq:thread_identifier>` : ''}
		<wp:post_id>${item.postId}</wp:post_id>
		<wp:post_date>${cdata(date)}</wp:post_date>
		<wp:post_date_gmt>${cdata(date)}</wp:post_date_gmt>
		<wp:comment_status>${cdata('open')}</wp:comment_status>
		<wp:ping_status>${cdata('closed')}</wp:ping_status>
		<wp:post_name>${cdata(slug)}</wp:post_name>
		<wp:status>${cdata('publish')}</wp:status>
		<wp:post_parent>0</wp:post_parent>
		<wp:menu_order>0</wp:menu_order>
		<wp:post_type>${cdata('post')}</wp:post_type>
		<wp:post_password>${cdata('')}</wp:post_password>
		<wp:is_sticky>0</wp:is_sticky>
`;
  }

  /**
   * One like of the page, as the `_natter_like` post meta natter's WordPress
   * plugin reads (liker, name, website, time in seconds); the liker is natter's
   * opaque liker key, never an email.
   */
  like(like: StoredLike): string {
    const value = phpSerialize({ liker: like.likerKey, name: like.name, url: like.url ?? '', time: Math.floor(like.createdAt / 1000) });
    return `		<wp:postmeta>
			<wp:meta_key>${cdata(LIKE_META_KEY)}</wp:meta_key>
			<wp:meta_value>${cdata(value)}</wp:meta_value>
		</wp:postmeta>
`;
  }

  /** One `wp:comment`; ids are natter's, parents point at natter ids in the same item. */
  comment({ comment: c, content }: WxrComment): string {
    const date = cdata(wordpressDateText(c.createdAt));
    return `		<wp:comment>
			<wp:comment_id>${c.id}</wp:comment_id>
			<wp:comment_author>${cdata(c.authorName)}</wp:comment_author>
			<wp:comment_author_email>${cdata(c.authorEmail ?? '')}</wp:comment_author_email>
			<wp:comment_author_url>${xmlText(c.authorUrl ?? '')}</wp:comment_author_url>
			<wp:comment_author_IP>${cdata(c.ip ?? '')}</wp:comment_author_IP>
			<wp:comment_date>${date}</wp:comment_date>
			<wp:comment_date_gmt>${date}</wp:comment_date_gmt>
			<wp:comment_content>${cdata(content)}</wp:comment_content>
			<wp:comment_approved>${cdata(APPROVED[c.status])}</wp:comment_approved>
			<wp:comment_type>${cdata('comment')}</wp:comment_type>
			<wp:comment_parent>${c.parentId ?? 0}</wp:comment_parent>
			<wp:comment_user_id>0</wp:comment_user_id>
		</wp:comment>
`;
  }

  /** An item's end. */
  itemEnd(): string {
    return '	</item>\n';
  }

  /** The document's end. */
  tail(): string {
    return '</channel>\n</rss>\n';
  }
}
