import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Hono } from 'hono';
import { ROUTES, type AnySchema, type Route } from 'natter/protocol';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import { createSignIn } from '../../src/auth/sign-in';
import { parseConfig } from '../../src/config';
import { MemoryEventBus } from '../../src/events/memory-event-bus';
import { openApiDocument } from '../../src/http/openapi';
import { openStorage } from '../../src/storage/open-storage';
import type { Storage } from '../../src/storage/storage';
import { escapeRender } from '../helpers/server-app';

const SITE = 'https://blog.example';
const PASSWORD = 'correct horse battery';

let step = 0;

/** A valid body for every route that takes one; checked against its own schema below, so it can't drift. */
const VALID_BODIES: Record<string, () => unknown> = {
  postComment: () => ({ pageId: '/walk', parentId: null, body: `A **walk** through the API, step ${(step += 1)}`, guest: { name: 'Ada', email: 'ada@example.com', url: 'https://ada.example' }, elapsedMs: 60_000, honeypot: '' }),
  editComment: () => ({ body: 'Edited on the walk' }),
  like: () => ({ guest: { name: 'Ada', email: 'ada@example.com' } }),
  signInExchange: () => ({ code: 'A'.repeat(43) }),
  adminLogin: () => ({ password: PASSWORD }),
  adminSetStatus: () => ({ status: 'approved' }),
  adminEditComment: () => ({ body: 'Edited by the moderator' }),
  adminAnnouncePost: () => ({ title: 'A new post', url: `${SITE}/new-post/` }),
};

type Json = Record<string, unknown>;

/** Routes a walk can't satisfy: their tokens, codes and states come from mail, providers or an earlier step. */
const REFUSED_ON_THE_WALK = new Set(['signOut', 'unsubscribePage', 'unsubscribe', 'avatar', 'signInCallback', 'signInExchange', 'adminAnnouncePost']);

/** Bodies a schema must refuse, made from the schema: unknown fields, each required field missing, each field of the wrong type or too long. */
function invalidBodies(schema: AnySchema, valid: Json): { why: string; body: unknown }[] {
  const out: { why: string; body: unknown }[] = [
    { why: 'not an object', body: [valid] },
    { why: 'an unknown field', body: { ...valid, notAField: 'x' } },
  ];
  if (!('entries' in schema)) return out;
  const entries = (schema as unknown as { entries: Record<string, AnySchema> }).entries;
  for (const [key, field] of Object.entries(entries)) {
    const optional = field.type === 'optional';
    if (!optional) {
      const { [key]: _dropped, ...rest } = valid;
      out.push({ why: `${key} missing`, body: rest });
    }
    const sample = valid[key];
    if (typeof sample === 'string') {
      out.push({ why: `${key} a number`, body: { ...valid, [key]: 12345 } });
      out.push({ why: `${key} far too long`, body: { ...valid, [key]: 'x'.repeat(20_000) } });
    } else if (typeof sample === 'boolean' || typeof sample === 'number') {
      out.push({ why: `${key} a string`, body: { ...valid, [key]: 'yes' } });
    } else if (typeof sample === 'object' && sample !== null) {
      out.push({ why: `${key} a string`, body: { ...valid, [key]: 'text' } });
    }
  }
  return out;
}

interface Walk {
  app: Hono;
  storage: Storage;
  admin: string;
  commentId: string;
  editToken: string;
  visitor: string;
}

let walk: Walk;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'natter-openapi-'));
  const config = parseConfig(['--db', join(dir, 'natter.db'), '--public-url', 'http://127.0.0.1:9', '--origins', SITE,
    '--admin-password', PASSWORD, '--rate-limit', '0', '--moderation', 'none', '--dev'], {});
  const storage = await openStorage(config.database);
  const signIn = await createSignIn({ config, env: {}, db: storage.db });
  const app = createApp({
    config, storage, events: new MemoryEventBus(), secret: 'openapi-test-secret-openapi-test-secret-01', renderMarkdown: escapeRender,
    providers: signIn.providers, extraRoutes: signIn.routes, log: () => {}, minSubmitMs: 0,
  });
  const visitor = 'walker-visitor-0123456789';
  const posted = await app.request('/api/comments', {
    method: 'POST', body: JSON.stringify(VALID_BODIES.postComment?.()),
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': 'walk-first-comment', 'X-Natter-Visitor': visitor },
  });
  const { comment, editToken } = await posted.json() as { comment: { id: string }; editToken: string };
  const login = await app.request('/api/admin/login', { method: 'POST', body: JSON.stringify({ password: PASSWORD }), headers: { 'Content-Type': 'application/json' } });
  const { token } = await login.json() as { token: string };
  walk = { app, storage, admin: token, commentId: comment.id, editToken, visitor };
});

afterAll(async () => {
  await walk?.storage.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A request for `route`: its path filled in, its required query parameters given valid values, its credentials. */
function request(route: Route, body: unknown | undefined): [string, RequestInit] {
  const path = route.path
    .replace('{id}', walk.commentId)
    .replace('{provider}', 'wordpress')
    .replace('{key}', 'no-such-avatar-key');
  const query = new URLSearchParams();
  const values: Record<string, string> = {
    page: '/walk', email: 'ada@example.com', token: 'not-a-real-unsubscribe-token', origin: SITE, nonce: 'N'.repeat(22), state: 'unknown-state',
  };
  for (const p of route.params ?? []) if (p.in === 'query' && p.required) query.set(p.name, values[p.name] ?? 'x');
  const headers: Record<string, string> = { 'X-Natter-Visitor': walk.visitor, 'X-Natter-Edit-Token': walk.editToken, Origin: SITE };
  if (route.auth === 'admin') headers.Authorization = `Bearer ${walk.admin}`;
  if (route.method === 'post' && route.path === '/api/comments') headers['Idempotency-Key'] = `walk-${Math.random().toString(36).slice(2)}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const qs = query.toString();
  return [`${path}${qs ? `?${qs}` : ''}`, { method: route.method.toUpperCase(), headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) }];
}

/** Checks an answer against what the route's table entry documents for its status. */
async function expectDocumented(route: Route, res: Response, label: string): Promise<void> {
  const answer = route.answers[res.status];
  expect(answer, `${label}: ${res.status} is documented (${Object.keys(route.answers).join(', ')})`).toBeDefined();
  if (!answer) return;
  const type = res.headers.get('content-type') ?? '';
  if (answer.schema) {
    expect(type, `${label}: JSON`).toMatch(/^application\/json/);
    const parsed = v.safeParse(answer.schema, await res.json());
    expect(parsed.success, `${label}: ${JSON.stringify(parsed.issues?.[0]?.path?.map((p) => p.key))} ${parsed.issues?.[0]?.message}`).toBe(true);
  } else if (answer.contentType && !answer.contentType.endsWith('/*')) {
    expect(type, label).toContain(answer.contentType);
  }
}

describe('the OpenAPI document', () => {
  it('is generated from the protocol: every route of the table, every request and answer schema', () => {
    const doc = openApiDocument() as { openapi: string; paths: Record<string, Record<string, Json>>; components: { schemas: Json } };
    expect(doc.openapi).toBe('3.1.0');
    for (const route of ROUTES) {
      const op = doc.paths[route.path]?.[route.method];
      expect(op?.operationId, `${route.method} ${route.path}`).toBe(route.operationId);
      expect(Object.keys(op?.responses as Json).sort()).toEqual(Object.keys(route.answers).sort());
    }
    const post = doc.components.schemas.PostCommentRequest as { properties: Record<string, Json>; additionalProperties: boolean };
    expect(post.additionalProperties).toBe(false);
    expect(post.properties.body).toMatchObject({ type: 'string', minLength: 1, maxLength: 10_000 });
    expect(String(post.properties.body?.description)).toContain('code points');
  });

  it("passes Redocly CLI's recommended rules with no error, warning only where a route truly has no 4xx or 2xx answer", async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'natter-redocly-'));
    try {
      const file = join(tmp, 'openapi.json');
      writeFileSync(file, JSON.stringify(openApiDocument()));
      const run = await promisify(execFile)(process.execPath, [join('node_modules', '@redocly', 'cli', 'bin', 'cli.js'), 'lint', file, '--extends=recommended', '--format=json'], {
        timeout: 60_000, env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      }).catch((error: { stdout?: string; stderr?: string }) => ({ stdout: error.stdout ?? '', stderr: error.stderr ?? '' }));
      const report = JSON.parse(run.stdout.slice(run.stdout.indexOf('{'))) as { problems: { ruleId: string; severity: string; location: { pointer: string }[] }[] };
      const errors = report.problems.filter((p) => p.severity === 'error');
      expect(errors.map((p) => `${p.ruleId} ${p.location[0]?.pointer}`)).toEqual([]);
      const warnings = report.problems.map((p) => `${p.ruleId} ${p.location[0]?.pointer}`).sort();
      // These answer every request they get: there is no client error to describe; sign-in starts with a redirect.
      expect(warnings).toEqual([
        'operation-2xx-response #/paths/~1auth~1{provider}~1start/get/responses',
        'operation-4xx-response #/paths/~1api~1config/get/responses',
        'operation-4xx-response #/paths/~1api~1health/get/responses',
        'operation-4xx-response #/paths/~1api~1openapi.json/get/responses',
        'operation-4xx-response #/paths/~1api~1session/get/responses',
        'operation-4xx-response #/paths/~1count.js/get/responses',
      ]);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('has a valid body for every route that takes one', () => {
    for (const route of ROUTES.filter((r) => r.body)) {
      const make = VALID_BODIES[route.operationId];
      expect(make, route.operationId).toBeDefined();
      const parsed = v.safeParse(route.body!.schema, make?.());
      expect(parsed.success, `${route.operationId}: ${parsed.issues?.[0]?.message}`).toBe(true);
    }
  });
});

describe('every route against a live app', () => {
  for (const route of ROUTES) {
    it(`${route.method.toUpperCase()} ${route.path} answers as documented`, async () => {
      const body = route.body ? VALID_BODIES[route.operationId]?.() : undefined;
      const [url, init] = request(route, body);
      if (route.operationId === 'adminLogout') {
        // Its own token, so the routes after it still have theirs.
        const login = await walk.app.request('/api/admin/login', { method: 'POST', body: JSON.stringify({ password: PASSWORD }), headers: { 'Content-Type': 'application/json' } });
        Reflect.set(init.headers as object, 'Authorization', `Bearer ${((await login.json()) as { token: string }).token}`);
      }
      const res = await walk.app.request(url, init);
      // Valid requests succeed, but for those whose ids only a real reader or provider could have.
      if (!REFUSED_ON_THE_WALK.has(route.operationId)) expect(res.status, `${route.operationId}`).toBeLessThan(400);
      await expectDocumented(route, res, 'valid request');
    });
  }

  for (const route of ROUTES.filter((r) => r.body)) {
    it(`${route.method.toUpperCase()} ${route.path} refuses schema-made invalid bodies with a documented 4xx and changes nothing`, async () => {
      const before = await walk.storage.listForModeration({ status: 'all', q: null, pageId: null, before: null, limit: 100 });
      const valid = VALID_BODIES[route.operationId]?.() as Json;
      for (const { why, body } of invalidBodies(route.body!.schema, valid)) {
        const [url, init] = request(route, body);
        const res = await walk.app.request(url, init);
        expect(res.status, `${route.operationId}, ${why}`).toBeGreaterThanOrEqual(400);
        expect(res.status, `${route.operationId}, ${why}`).toBeLessThan(500);
        await expectDocumented(route, res, `${route.operationId}, ${why}`);
      }
      expect(await walk.storage.listForModeration({ status: 'all', q: null, pageId: null, before: null, limit: 100 })).toEqual(before);
    });
  }
});
