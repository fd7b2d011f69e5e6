import { toJsonSchema, toJsonSchemaDefs, type ConversionConfig } from '@valibot/to-json-schema';
import {
  ROUTES, ruleJsonSchema, type AnySchema, type Route, type RouteAuth,
  AdminAnnounceRequestSchema, AdminCommentListSchema, AdminCommentSchema, AuthorSchema, CommentPageSchema, CommentSchema,
  CommenterErasedSchema, CommenterExportSchema, CountsResponseSchema, ErrorBodySchema, LikeRequestSchema, LikeSummarySchema,
  PageExportSchema, PostCommentRequestSchema, PostCommentResponseSchema, SessionSchema, SiteConfigSchema,
} from 'natter/protocol';

/** Schemas that get a name under `components.schemas`; the rest are inlined where used. */
const NAMED: Record<string, AnySchema> = {
  Error: ErrorBodySchema,
  Author: AuthorSchema,
  Comment: CommentSchema,
  CommentPage: CommentPageSchema,
  PostCommentRequest: PostCommentRequestSchema,
  PostCommentResponse: PostCommentResponseSchema,
  LikeRequest: LikeRequestSchema,
  LikeSummary: LikeSummarySchema,
  Counts: CountsResponseSchema,
  Session: SessionSchema,
  SiteConfig: SiteConfigSchema,
  AdminComment: AdminCommentSchema,
  AdminCommentList: AdminCommentListSchema,
  AdminAnnounceRequest: AdminAnnounceRequestSchema,
  PageExport: PageExportSchema,
  CommenterExport: CommenterExportSchema,
  CommenterErased: CommenterErasedSchema,
};

type Json = Record<string, unknown>;

const CONVERSION: ConversionConfig = {
  target: 'draft-2020-12',
  definitions: NAMED,
  // Transforms (normalising a name, parsing a number) have no JSON Schema; the text rules say what they check instead.
  errorMode: 'ignore',
  overrideAction: ({ valibotAction, jsonSchema }) => {
    const rule = ruleJsonSchema(valibotAction);
    return rule ? { ...jsonSchema, ...rule } : undefined;
  },
};

/** `$defs` references as OpenAPI component references, without `$schema` markers. */
function asComponent(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(asComponent);
  if (typeof value !== 'object' || value === null) return value;
  const out: Json = {};
  for (const [key, item] of Object.entries(value)) {
    if (key === '$schema' || key === '$defs') continue;
    out[key] = key === '$ref' && typeof item === 'string' ? item.replace('#/$defs/', '#/components/schemas/') : asComponent(item);
  }
  return out;
}

const schemaOf = (schema: AnySchema): unknown => asComponent(toJsonSchema(schema, CONVERSION));

const SECURITY: Record<RouteAuth, Json[]> = {
  public: [],
  // Anyone; a session token changes the answer.
  reader: [{}, { session: [] }],
  session: [{ session: [] }],
  admin: [{ admin: [] }],
};

function operation(route: Route): Json {
  const parameters = (route.params ?? []).map((p) => {
    const schema = schemaOf(p.schema);
    return {
      name: p.name, in: p.in, required: p.required ?? p.in === 'path',
      ...(p.description ? { description: p.description } : {}),
      schema: p.repeated ? { type: 'array', items: schema, minItems: 1 } : schema,
      ...(p.repeated ? { style: 'form', explode: true } : {}),
    };
  });
  const responses: Json = {};
  for (const [status, answer] of Object.entries(route.answers)) {
    const content = answer.schema
      ? { 'application/json': { schema: schemaOf(answer.schema) } }
      : answer.contentType ? { [answer.contentType]: {} } : undefined;
    const headers = answer.headers
      ? Object.fromEntries(Object.entries(answer.headers).map(([name, description]) => [name, { description, schema: { type: 'string' } }]))
      : undefined;
    responses[status] = { description: answer.description, ...(headers ? { headers } : {}), ...(content ? { content } : {}) };
  }
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    tags: [route.tag],
    security: SECURITY[route.auth],
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(route.body ? { requestBody: { required: route.body.required, content: { 'application/json': { schema: schemaOf(route.body.schema) } } } } : {}),
    responses,
  };
}

/** The OpenAPI 3.1 document of the natter HTTP API, generated from the protocol's route table and schemas. */
export function openApiDocument(): Json {
  const paths: Record<string, Json> = {};
  for (const route of ROUTES) (paths[route.path] ??= {})[route.method] = operation(route);
  return {
    openapi: '3.1.0',
    info: {
      title: 'natter',
      version: '1',
      license: { name: 'MIT', identifier: 'MIT' },
      description:
        'The natter comment server. Every error is `{ "error": { "code", "message", "field"? } }`. Requests with a body need ' +
        '`Content-Type: application/json` and are parsed strictly: valid UTF-8, no unknown or duplicate keys, no `__proto__`, ' +
        '`constructor` or `prototype` keys. Text lengths count Unicode code points. CORS answers only the configured site origins. ' +
        'Identity: `Authorization: Bearer <session token>` for signed-in readers; `X-Natter-Visitor` marks a browser\'s own held ' +
        'comments and likes; guests edit and delete with `X-Natter-Edit-Token`. No public answer contains an email, a hash of one, ' +
        'an IP address or a user agent.',
    },
    servers: [{ url: '/', description: 'The natter server that serves this document.' }],
    tags: [
      { name: 'comments', description: 'Threads, posting, editing, counts and live events.' },
      { name: 'likes', description: 'Post likes ("N bloggers like this").' },
      { name: 'readers', description: "Sessions, subscriptions and avatars." },
      { name: 'sign-in', description: 'Signing in with WordPress.com, Google, Twitter (X) or Facebook.' },
      { name: 'site', description: 'Configuration, health and this document.' },
      { name: 'admin', description: 'Moderation.' },
    ],
    paths,
    components: {
      securitySchemes: {
        session: { type: 'http', scheme: 'bearer', description: "A reader's session token (from POST /auth/exchange)." },
        admin: { type: 'http', scheme: 'bearer', description: 'An admin token from POST /api/admin/login.' },
      },
      schemas: asComponent(toJsonSchemaDefs(NAMED, CONVERSION)),
    },
  };
}
