import { once } from 'node:events';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SaxesParser } from 'saxes';
import { afterAll, describe, expect, it } from 'vitest';
import { importContext } from '../../src/import-export/import-context';
import { exportComments, type ExportFormat } from '../../src/import-export/run-export';
import { importFile, type ImportFormat } from '../../src/import-export/run-import';
import type { KyselyStorage } from '../../src/storage/kysely-storage';
import { openStorage } from '../../src/storage/open-storage';
import { onEachDatabase } from './databases';
import { disqusExport, fixtureThread, wxrExport } from './fixtures';

const dir = mkdtempSync(join(tmpdir(), 'natter-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const SITE = { title: 'A Small Blog', url: 'https://blog.example' };
const thread = fixtureThread(210, 5);
thread[20] = { ...thread[20]!, body: 'Tricky: ]]> inside and <script>alert(1)</script> text.' };
const wxrFile = join(dir, 'wordpress.xml');
writeFileSync(wxrFile, wxrExport(thread));
const disqusFile = join(dir, 'disqus.xml');
writeFileSync(disqusFile, disqusExport(thread));

async function exportTo(storage: KyselyStorage, format: ExportFormat, name: string, pageId: string | null = null): Promise<string> {
  const file = join(dir, name);
  const out = createWriteStream(file);
  await exportComments(storage, format, out, { site: SITE, pageId });
  out.end();
  await once(out, 'finish');
  return file;
}

/** Each comment as what a reader sees — author, date, status, body — with the chain of its ancestors the same way. */
async function threadShape(storage: KyselyStorage): Promise<string[]> {
  const rows = await storage.db.selectFrom('comments').selectAll().execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const own = (r: (typeof rows)[number]) => `${r.page_id}|${r.author_name}|${r.author_email}|${r.author_url}|${r.created_at}|${r.status}|${r.source}|${r.body_html}`;
  return rows.map((r) => {
    const chain = [own(r)];
    for (let p = r.parent_id === null ? undefined : byId.get(r.parent_id); p; p = p.parent_id === null ? undefined : byId.get(p.parent_id)) chain.push(own(p));
    return chain.join(' <- ');
  }).sort();
}

async function roundTrip(open: () => Promise<KyselyStorage>, from: ImportFormat, file: string, to: ExportFormat): Promise<{ before: string[]; after: string[]; exported: string }> {
  const first = await open();
  const second = await open();
  try {
    await importFile(first, from, file, importContext(null));
    const exported = await exportTo(first, to, `${from}-to-${to}-${first.dialect}.xml`);
    await importFile(second, 'wxr', exported, importContext(null));
    return { before: await threadShape(first), after: await threadShape(second), exported };
  } finally {
    await first.close();
    await second.close();
  }
}

onEachDatabase((open) => {
  describe('exporting for WordPress and Disqus', () => {
    it('gives back the same thread: WordPress → natter → WXR → natter', async () => {
      const { before, after } = await roundTrip(open, 'wxr', wxrFile, 'wxr');
      expect(before).toHaveLength(210);
      expect(after).toEqual(before);
    });

    it("gives back the same thread: Disqus → natter → Disqus's import format → natter", async () => {
      const { before, after, exported } = await roundTrip(open, 'disqus', disqusFile, 'disqus');
      expect(before).toHaveLength(210);
      expect(after).toEqual(before);
      expect(readFileSync(exported, 'utf8')).toContain('<dsq:thread_identifier>/2024/03/small-is-beautiful/</dsq:thread_identifier>');
    });

    it("carries likes as natter's WordPress plugin stores them (natter → WXR → natter), and none in Disqus's format", async () => {
      const first = await open();
      const second = await open();
      try {
        await importFile(first, 'wxr', wxrFile, importContext(null));
        const pageId = '/2024/03/small-is-beautiful/';
        const like = { pageId, userId: null, avatarKey: null, provider: null };
        await first.putLike({ ...like, likerKey: 'v:visitor-one', name: 'Grace', url: 'https://grace.example/', email: 'grace@example.org', createdAt: 1_712_000_400_000 });
        await first.putLike({ ...like, likerKey: 'v:visitor-two', name: 'Zoë Ångström', url: null, email: null, createdAt: 1_712_000_500_000 });
        const exported = readFileSync(await exportTo(first, 'wxr', `likes-${first.dialect}.xml`), 'utf8');
        expect(exported).toContain('<wp:meta_key><![CDATA[_natter_like]]></wp:meta_key>\n\t\t\t<wp:meta_value><![CDATA[a:4:{s:5:"liker";s:13:"v:visitor-two";s:4:"name";s:15:"Zoë Ångström";s:3:"url";s:0:"";s:4:"time";i:1712000500;}]]></wp:meta_value>');
        expect(exported).not.toContain('grace@example.org');

        const summary = await importFile(second, 'wxr', join(dir, `likes-${first.dialect}.xml`), importContext(null));
        expect(summary.likes).toBe(2);
        const likes = await second.db.selectFrom('likes').select(['page_id', 'liker_key', 'name', 'url', 'email', 'created_at']).orderBy('created_at').execute();
        expect(likes.map((l) => ({ ...l, created_at: Number(l.created_at) }))).toEqual([
          { page_id: pageId, liker_key: 'v:visitor-one', name: 'Grace', url: 'https://grace.example/', email: null, created_at: 1_712_000_400_000 },
          { page_id: pageId, liker_key: 'v:visitor-two', name: 'Zoë Ångström', url: null, email: null, created_at: 1_712_000_500_000 },
        ]);
        expect(readFileSync(await exportTo(first, 'disqus', `likes-${first.dialect}.disqus.xml`), 'utf8')).not.toContain('_natter_like');
      } finally {
        await first.close();
        await second.close();
      }
    });
  });
});

describe('the WXR natter writes', () => {
  it("has what WordPress's importer reads: WXR 1.2, one post per page with its link, parents before replies, WordPress statuses", async () => {
    const storage = await openStorage(':memory:');
    try {
      await importFile(storage, 'wxr', wxrFile, importContext(null));
      const text = readFileSync(await exportTo(storage, 'wxr', 'structure.xml'), 'utf8');
      const parser = new SaxesParser({ position: true });
      const path: string[] = [];
      let buffer = '';
      const fields: Record<string, string> = {};
      const items: { post: Record<string, string>; comments: Record<string, string>[] }[] = [];
      let comment: Record<string, string> = {};
      parser.on('error', (e) => { throw e; });
      parser.on('opentag', (t) => {
        path.push(t.name);
        buffer = '';
        if (t.name === 'item') items.push({ post: {}, comments: [] });
        if (t.name === 'wp:comment') comment = {};
      });
      parser.on('text', (t) => { buffer += t; });
      parser.on('cdata', (t) => { buffer += t; });
      parser.on('closetag', (t) => {
        const parent = path[path.length - 2];
        const item = items[items.length - 1];
        if (parent === 'channel') fields[t.name] = buffer;
        if (parent === 'item' && item) item.post[t.name] = buffer;
        if (parent === 'wp:comment') comment[t.name] = buffer;
        if (t.name === 'wp:comment' && item) item.comments.push(comment);
        path.pop();
        buffer = '';
      });
      parser.write(text).close();

      expect(text.startsWith('<?xml version="1.0" encoding="UTF-8" ?>')).toBe(true);
      expect(fields['wp:wxr_version']).toBe('1.2');
      expect(fields['wp:base_site_url']).toBe('https://blog.example');
      expect(items).toHaveLength(1);
      const [item] = items;
      expect(item?.post).toMatchObject({
        title: 'Small is beautiful?', link: 'https://blog.example/2024/03/small-is-beautiful/', 'wp:post_id': '1',
        'wp:post_type': 'post', 'wp:status': 'publish', 'wp:comment_status': 'open', 'wp:post_name': 'small-is-beautiful',
      });
      const seen = new Set<string>(['0']);
      for (const c of item?.comments ?? []) {
        expect(seen.has(c['wp:comment_parent'] ?? '')).toBe(true);
        seen.add(c['wp:comment_id'] ?? '');
        expect(c['wp:comment_date_gmt']).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
      }
      expect(item?.comments).toHaveLength(210);
      const statuses = new Map((item?.comments ?? []).map((c) => [c['wp:comment_author'], c['wp:comment_approved']]));
      expect([statuses.get('Reader 7'), statuses.get('Reader 11'), statuses.get('Reader 13'), statuses.get('Reader 8')]).toEqual(['0', 'spam', 'trash', '1']);
      // A body with "]]>" survives the CDATA.
      expect((item?.comments ?? []).find((c) => c['wp:comment_author'] === 'Reader 20')?.['wp:comment_content'])
        .toBe('Tricky: ]]> inside and <script>alert(1)</script> text.');
    } finally {
      await storage.close();
    }
  });

  it('writes only the page asked for', async () => {
    const storage = await openStorage(':memory:');
    try {
      await importFile(storage, 'wxr', wxrFile, importContext(null));
      expect(readFileSync(await exportTo(storage, 'wxr', 'other.xml', '/elsewhere/'), 'utf8')).not.toContain('<item>');
      expect(readFileSync(await exportTo(storage, 'wxr', 'one.xml', '/2024/03/small-is-beautiful/'), 'utf8')).toContain('<item>');
    } finally {
      await storage.close();
    }
  });
});
