#!/usr/bin/env node
// Measures `natter import wxr` on a large generated WordPress export: writes a
// WXR file of about --mb megabytes (many posts, threads five levels deep) into a
// temporary directory, imports it into a fresh SQLite database with the CLI in a
// child process, and prints one JSON line: file size, comments, seconds, the
// child's peak resident memory and the comments it stored.
//
//   npm run build && node server/scripts/import-memory.js --mb 200
//   node server/scripts/import-memory.js --mb 30 --cli path/to/cli.js --keep
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { mb: { type: 'string', default: '200' }, cli: { type: 'string' }, db: { type: 'string' }, keep: { type: 'boolean' } } });
const target = Number(values.mb) * 1_048_576;
const cli = resolve(values.cli ?? 'server/dist/cli.js');
const dir = mkdtempSync(join(tmpdir(), 'natter-import-memory-'));
const file = join(dir, 'big.wordpress.xml');
const db = values.db ?? join(dir, 'natter.db');

const cdata = (t) => `<![CDATA[${t}]]>`;
const filler = 'This is a longer comment body, the kind readers write when they care. '.repeat(4);

async function generate() {
  const out = createWriteStream(file);
  const put = async (text) => { if (!out.write(text)) await once(out, 'drain'); };
  await put(`<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Big</title><link>https://big.example</link><wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>https://big.example</wp:base_site_url><wp:base_blog_url>https://big.example</wp:base_blog_url>
`);
  let written = 0;
  let id = 0;
  let post = 0;
  while (written < target) {
    post++;
    let item = `<item><title>${cdata(`Post ${post}`)}</title><link>https://big.example/${post}/</link><wp:post_id>${post}</wp:post_id><wp:post_type>${cdata('post')}</wp:post_type><content:encoded>${cdata(`<p>${filler}</p>`)}</content:encoded>\n`;
    for (let i = 0; i < 500; i++) {
      id++;
      const parent = i % 5 === 0 ? 0 : id - 1;
      item += `<wp:comment><wp:comment_id>${id}</wp:comment_id><wp:comment_author>${cdata(`Reader ${id % 997}`)}</wp:comment_author><wp:comment_author_email>${cdata(`r${id % 997}@example.org`)}</wp:comment_author_email><wp:comment_author_url></wp:comment_author_url><wp:comment_author_IP>${cdata('192.0.2.1')}</wp:comment_author_IP><wp:comment_date_gmt>${cdata('2024-03-01 10:00:00')}</wp:comment_date_gmt><wp:comment_content>${cdata(`Comment ${id}. ${filler}`)}</wp:comment_content><wp:comment_approved>${cdata('1')}</wp:comment_approved><wp:comment_type>${cdata('comment')}</wp:comment_type><wp:comment_parent>${parent}</wp:comment_parent><wp:comment_user_id>0</wp:comment_user_id></wp:comment>\n`;
    }
    item += '</item>\n';
    written += Buffer.byteLength(item);
    await put(item);
  }
  await put('</channel>\n</rss>\n');
  out.end();
  await once(out, 'finish');
  return id;
}

const comments = await generate();
const started = Date.now();
// The child reports its own peak RSS (getrusage ru_maxrss) when the import is over.
const code = `import(${JSON.stringify(cli)}).then(async (m) => { const rc = await m.main(JSON.parse(process.argv[1]), process.env); process.stderr.write('MAXRSS ' + process.resourceUsage().maxRSS + '\\n'); process.exitCode = rc ?? 0; })`;
const child = spawn(process.execPath, ['--input-type=module', '-e', code, JSON.stringify(['import', 'wxr', file, '--db', db])], { stdio: ['ignore', 'pipe', 'pipe'] });
let stdout = '';
let stderr = '';
child.stdout.on('data', (d) => { stdout += d; });
child.stderr.on('data', (d) => { stderr += d; });
const [exitCode] = await once(child, 'exit');
const seconds = (Date.now() - started) / 1000;
const maxRss = Number(/MAXRSS (\d+)/.exec(stderr)?.[1] ?? NaN) * 1024;
const imported = Number(/imported (\d+) comments/.exec(stdout)?.[1] ?? NaN);
const bytes = statSync(file).size;
if (values.keep) console.error(`kept ${dir}`);
else if (values.db === undefined) rmSync(dir, { recursive: true, force: true });
else rmSync(file, { force: true });
console.log(JSON.stringify({
  exitCode, fileMB: +(bytes / 1_048_576).toFixed(1), comments, imported, seconds,
  commentsPerSecond: Math.round(imported / seconds), mbPerSecond: +(bytes / 1_048_576 / seconds).toFixed(1),
  peakRssMB: +(maxRss / 1_048_576).toFixed(1), stderrTail: exitCode === 0 ? undefined : stderr.slice(-2000),
}));
