#!/usr/bin/env node
/**
 * The floor of the cached-list benchmark: the same bytes and headers natter
 * sends for a cached page, from a bare Hono route on @hono/node-server and
 * from plain node:http, each on its own loopback port in this one process.
 *
 *   node bench/lib/floor-server.js <answer.json>
 *
 * <answer.json> is `{ "headers": {…}, "body": "<base64>" }`; prints one line
 * `floor hono=<url> node=<url>` once both listen, and exits on SIGTERM.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const answer = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const body = new Uint8Array(Buffer.from(answer.body, 'base64'));
/** @type {Record<string, string>} */
const headers = answer.headers;

const app = new Hono();
app.get('/api/comments', (c) => c.body(body, 200, headers));
const hono = await new Promise((resolve) => {
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => resolve({ server, port: info.port }));
});

const plainHeaders = { ...headers, 'Content-Length': String(body.byteLength) };
const plain = createServer((req, res) => {
  res.writeHead(200, plainHeaders);
  res.end(body);
});
await new Promise((resolve) => plain.listen(0, '127.0.0.1', resolve));
const plainPort = /** @type {import('node:net').AddressInfo} */ (plain.address()).port;

console.log(`floor hono=http://127.0.0.1:${hono.port} node=http://127.0.0.1:${plainPort}`);
process.on('SIGTERM', () => {
  hono.server.close();
  plain.close();
  process.exit(0);
});
