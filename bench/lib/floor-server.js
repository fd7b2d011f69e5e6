#!/usr/bin/env node
/**
 * The floor of the cached-read benchmarks: the same bytes and headers natter
 * sends for cached answers, from a bare Hono route on @hono/node-server and
 * from plain node:http, each on its own loopback port in this one process.
 *
 *   node bench/lib/floor-server.js <answer.json>…
 *
 * Each <answer.json> is `{ "path": "/api/…", "headers": {…}, "body": "<base64>" }`
 * and is served at its path, whatever the query; prints one line
 * `floor hono=<url> node=<url>` once both listen, and exits on SIGTERM.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const answers = process.argv.slice(2).map((file) => {
  const answer = JSON.parse(readFileSync(file, 'utf8'));
  const body = new Uint8Array(Buffer.from(answer.body, 'base64'));
  /** @type {Record<string, string>} */
  const headers = answer.headers;
  return { path: String(answer.path), body, headers, plainHeaders: { ...headers, 'Content-Length': String(body.byteLength) } };
});

const app = new Hono();
for (const { path, body, headers } of answers) app.get(path, (c) => c.body(body, 200, headers));
const hono = await new Promise((resolve) => {
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => resolve({ server, port: info.port }));
});

const byPath = new Map(answers.map((a) => [a.path, a]));
const plain = createServer((req, res) => {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const answer = byPath.get(q < 0 ? url : url.slice(0, q));
  if (answer === undefined) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, answer.plainHeaders);
  res.end(answer.body);
});
await new Promise((resolve) => plain.listen(0, '127.0.0.1', resolve));
const plainPort = /** @type {import('node:net').AddressInfo} */ (plain.address()).port;

console.log(`floor hono=http://127.0.0.1:${hono.port} node=http://127.0.0.1:${plainPort}`);
process.on('SIGTERM', () => {
  hono.server.close();
  plain.close();
  process.exit(0);
});
