/**
 * The natter protocol's shapes as valibot schemas: every request and response
 * body of the HTTP API. The server validates requests with them, the OpenAPI
 * document is generated from them, the widget's types are inferred from them
 * (type-only imports: nothing of this file reaches the script-tag bundle),
 * and the memory backend validates with the same request schemas.
 */
import * as v from 'valibot';
import { ERROR_CODES } from './error-codes';
import { LIMITS, type FormLimits } from './limits';
import { PROVIDERS } from './providers';
import { bodyRule, emailRule, nameRule, pageIdRule, titleRule, websiteRule, type Verdict } from './text-rules';


/** JSON Schema of each text rule, for the OpenAPI document (a rule is code, which JSON Schema can't carry). */
const RULE_JSON = new WeakMap<object, Record<string, unknown>>();

/** The JSON Schema a text rule stands for, or `undefined` for any other pipe action. */
export function ruleJsonSchema(action: object): Record<string, unknown> | undefined {
  return RULE_JSON.get(action);
}

/**
 * A string field checked by `rule`: its normalised value on success; on
 * failure an issue with the rule's message, `expected` `<=max` when too long.
 */
function ruleField(rule: (value: string, max: number, field: string) => Verdict, max: number, field: string, description: string, json: Record<string, unknown> = {}) {
  const action = v.rawTransform<string, string>(({ dataset, addIssue, NEVER }) => {
    const verdict = rule(dataset.value, max, field);
    if (verdict.ok) return verdict.value;
    addIssue({ message: verdict.message, ...(verdict.code === 'too_long' ? { expected: `<=${max}` } : {}) });
    return NEVER;
  });
  RULE_JSON.set(action, { maxLength: max, ...json });
  return v.pipe(v.string(), action, v.description(description));
}

/** `rule`, or none: empty (or only spaces) stands for the field left blank. */
const orNone = (rule: (value: string, max: number, field: string) => Verdict) => (value: string, max: number, field: string): Verdict =>
  value.trim() === '' ? { ok: true, value: '' } : rule(value, max, field);
const websiteOrNone = orNone(websiteRule);

const LENGTH_UNIT = 'Lengths count Unicode code points.';

/** Request fields, each under one rule of `text-rules.ts`. */
export const fields = (limits: FormLimits = LIMITS) => ({
  name: ruleField(nameRule, limits.nameMaxLength, 'name',
    `A display name: NFC, trimmed, whitespace runs as one space; control, bidi, zero-width and other invisible characters are refused. ${LENGTH_UNIT}`, { minLength: 1 }),
  email: ruleField(emailRule, LIMITS.emailMaxLength, 'email', 'An email address; never shown to anyone, nor any hash of it.', { format: 'email' }),
  website: ruleField(websiteOrNone, limits.urlMaxLength, 'url', 'An absolute http(s) URL without credentials, normalised; empty for none.'),
  body: ruleField(bodyRule, limits.bodyMaxLength, 'body',
    `Markdown source, trimmed; control characters are refused, and so is a body of only spaces, invisible characters or Markdown punctuation. ${LENGTH_UNIT}`, { minLength: 1 }),
  pageId: ruleField(pageIdRule, LIMITS.pageIdMaxLength, 'pageId', `The page's id: an opaque key, never fetched. ${LENGTH_UNIT}`, { minLength: 1 }),
  pageTitle: ruleField(titleRule, LIMITS.pageTitleMaxLength, 'pageTitle', `The article's title, plain text. ${LENGTH_UNIT}`),
  pageUrl: ruleField(websiteRule, limits.urlMaxLength, 'pageUrl', "The article's address; kept only on one of the site's origins."),
});

const FIELDS = fields();
const isoDate = v.pipe(v.string(), v.isoTimestamp());
const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const commentId = v.pipe(v.string(), v.minLength(1), v.maxLength(64), v.description('An opaque comment id.'));

/** Providers by id. */
export const ProviderIdSchema = v.picklist(PROVIDERS);

/** Who wrote a comment or liked a post, as every reader sees them. */
export const AuthorSchema = v.object({
  name: v.string(),
  url: v.optional(v.string()),
  avatarUrl: v.optional(v.string()),
  provider: v.optional(ProviderIdSchema),
});

/** Moderation status as a reader sees it (spam and deleted never reach a reader). */
export const VisibleStatusSchema = v.picklist(['approved', 'pending']);

/** One comment as a backend returns it. `bodyHtml` is untrusted: the widget rebuilds it through an allowlist. */
export const CommentSchema = v.object({
  id: v.string(),
  pageId: v.string(),
  parentId: v.nullable(v.string()),
  author: AuthorSchema,
  bodyHtml: v.pipe(v.string(), v.description('The body as HTML; untrusted.')),
  createdAt: isoDate,
  editedAt: v.optional(isoDate),
  status: VisibleStatusSchema,
  mine: v.optional(v.pipe(v.boolean(), v.description("Only on the caller's own comments."))),
  editableUntil: v.optional(v.pipe(isoDate, v.description('Only when `mine`: until when the caller may edit or delete it.'))),
  source: v.optional(v.pipe(v.string(), v.description('Only when `mine`: the source text, for editing.'))),
});

/** One page of a thread: complete trees, paginated by top-level comment. */
export const CommentPageSchema = v.object({
  comments: v.array(CommentSchema),
  nextCursor: v.nullable(v.string()),
  total: v.pipe(count, v.description('Approved comments on the page.')),
});

/** Guest details as typed into the form. */
export const GuestIdentitySchema = v.object({ name: v.string(), email: v.string(), url: v.optional(v.string()) });

/** A signed-in reader. Identity is (provider, user.id), never the email. */
export const SessionSchema = v.object({
  provider: ProviderIdSchema,
  user: v.object({ id: v.string(), name: v.string(), avatarUrl: v.optional(v.string()), profileUrl: v.optional(v.string()) }),
});

/** Post likes of one page. */
export const LikeSummarySchema = v.object({
  count,
  liked: v.boolean(),
  likers: v.pipe(v.array(AuthorSchema), v.maxLength(20), v.description('Some likers, most recent first.')),
});

/** What a site enables, and the limits its forms check. */
export const SiteConfigSchema = v.object({
  providers: v.array(ProviderIdSchema),
  guests: v.boolean(),
  requireNameEmail: v.boolean(),
  features: v.object({ likes: v.boolean(), notifyReplies: v.boolean(), notifyPosts: v.boolean(), edit: v.boolean(), live: v.boolean() }),
  limits: v.object({ bodyMaxLength: count, nameMaxLength: count, urlMaxLength: count, editWindowSeconds: count, pageSizeMax: count }),
  simulatedSignIn: v.optional(v.boolean()),
});

/** `GET /api/thread`: what first render needs, in one simple request. */
export const ThreadResponseSchema = v.object({
  config: SiteConfigSchema,
  page: CommentPageSchema,
  likes: LikeSummarySchema,
});

/** Every error answer: `{ "error": { "code", "message", "field"? } }`. */
export const ErrorBodySchema = v.object({
  error: v.object({ code: v.picklist(ERROR_CODES), message: v.string(), field: v.optional(v.string()) }),
});

/**
 * Guest details for a site's limits. Where the site does not require a name
 * and an email (`SiteConfig.requireNameEmail` false), either may be blank.
 */
export const guestIdentity = (limits: FormLimits = LIMITS, requireNameEmail = true) => {
  const f = limits === LIMITS ? FIELDS : fields(limits);
  return v.strictObject({
    name: requireNameEmail ? f.name : v.optional(ruleField(orNone(nameRule), limits.nameMaxLength, 'name', 'A display name, or blank.'), ''),
    email: requireNameEmail ? f.email : v.optional(ruleField(orNone(emailRule), LIMITS.emailMaxLength, 'email', 'An email address, or blank.'), ''),
    url: v.optional(f.website),
  });
};

/** `POST /api/comments` body for a site's limits. Unknown fields are refused. */
export const postCommentRequest = (limits: FormLimits = LIMITS, requireNameEmail = true) => {
  const f = limits === LIMITS ? FIELDS : fields(limits);
  return v.strictObject({
    pageId: f.pageId,
    parentId: v.optional(v.nullable(commentId)),
    body: f.body,
    guest: v.optional(guestIdentity(limits, requireNameEmail)),
    notifyReplies: v.optional(v.boolean()),
    notifyPosts: v.optional(v.boolean()),
    pageTitle: v.optional(f.pageTitle),
    pageUrl: v.optional(f.pageUrl),
    elapsedMs: v.optional(v.pipe(count, v.maxValue(365 * 86_400_000), v.description('Milliseconds since the form was shown; a bot signal when missing or under 2000.'))),
    honeypot: v.optional(v.pipe(v.string(), v.maxLength(LIMITS.honeypotMaxLength), v.description('The hidden field people leave empty; a bot signal when missing or filled.'))),
  });
};
export const PostCommentRequestSchema = postCommentRequest();

/** `POST /api/comments` answer. `editToken` only to a guest who proves they posted it. */
export const PostCommentResponseSchema = v.object({
  comment: CommentSchema,
  editToken: v.optional(v.pipe(v.string(), v.description('Send it as X-Natter-Edit-Token to edit or delete this comment.'))),
});

/** `PATCH /api/comments/{id}` body. */
export const editCommentRequest = (limits: FormLimits = LIMITS) => v.strictObject({ body: fields(limits).body });
export const EditCommentRequestSchema = editCommentRequest();

/** `PATCH /api/comments/{id}` answer. */
export const EditCommentResponseSchema = v.object({ comment: CommentSchema });

/** `PUT /api/likes` body: a guest liker's public name and website (email only for the avatar). */
export const likeRequest = (limits: FormLimits = LIMITS) => v.strictObject({
  guest: v.optional(v.strictObject({
    name: fields(limits).name,
    email: v.optional(ruleField(orNone(emailRule), LIMITS.emailMaxLength, 'email', 'Only for the avatar; never shown. Empty for none.')),
    url: v.optional(fields(limits).website),
  })),
});
export const LikeRequestSchema = likeRequest();

/** `GET /api/counts` answer. */
export const CountsResponseSchema = v.object({ counts: v.record(v.string(), count) });

/** `GET /api/session` answer. */
export const SessionResponseSchema = v.object({ session: v.nullable(SessionSchema) });

/** `GET /api/health` answer. */
export const HealthResponseSchema = v.object({ ok: v.literal(true) });

/** `POST /auth/exchange` body: the one-time code the sign-in popup handed over. */
export const SignInExchangeRequestSchema = v.strictObject({ code: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{16,256}$/)) });

/** `POST /auth/exchange` answer: a session token and who it is. */
export const SignInExchangeResponseSchema = v.object({ token: v.string(), session: SessionSchema });

/** Every moderation status. */
export const ModerationStatusSchema = v.picklist(['pending', 'approved', 'spam', 'deleted']);

/** `POST /api/admin/login` body and answer. */
export const AdminLoginRequestSchema = v.strictObject({ password: v.pipe(v.string(), v.maxLength(1024)) });
export const AdminLoginResponseSchema = v.object({ token: v.string(), expiresAt: isoDate });

/** A comment as the moderator sees it (private fields included; admin answers only). */
export const AdminCommentSchema = v.object({
  id: v.string(),
  pageId: v.string(),
  pageTitle: v.nullable(v.string()),
  pageUrl: v.nullable(v.string()),
  parentId: v.nullable(v.string()),
  status: ModerationStatusSchema,
  author: v.object({ ...AuthorSchema.entries, email: v.nullable(v.string()) }),
  source: v.string(),
  bodyHtml: v.string(),
  createdAt: isoDate,
  editedAt: v.nullable(isoDate),
  ip: v.nullable(v.string()),
  userAgent: v.nullable(v.string()),
});

/** `GET /api/admin/comments` answer. */
export const AdminCommentListSchema = v.object({ comments: v.array(AdminCommentSchema), nextCursor: v.nullable(v.string()) });

/** `POST /api/admin/comments/{id}/status` body, and the answer of it and of an admin edit. */
export const AdminStatusRequestSchema = v.strictObject({ status: ModerationStatusSchema });
export const AdminCommentResponseSchema = v.object({ comment: AdminCommentSchema });

/** `PATCH /api/admin/comments/{id}` body. */
export const AdminEditRequestSchema = editCommentRequest();

/** `POST /api/admin/posts` body and answer: tell "new posts" subscribers about an article. */
export const AdminAnnounceRequestSchema = v.strictObject({
  title: v.pipe(FIELDS.pageTitle, v.minLength(1)),
  url: FIELDS.pageUrl,
  excerpt: v.optional(v.pipe(v.string(), v.maxLength(LIMITS.excerptMaxLength))),
});
export const AdminAnnounceResponseSchema = v.object({ recipients: count });

/** `GET /api/admin/export?page=` answer. */
export const PageExportSchema = v.object({ pageId: v.string(), exportedAt: isoDate, comments: v.array(AdminCommentSchema) });

/** `GET /api/admin/commenters/export?email=` answer. */
export const CommenterExportSchema = v.object({
  email: v.string(),
  exportedAt: isoDate,
  comments: v.array(AdminCommentSchema),
  likes: v.array(v.object({ pageId: v.string(), name: v.string(), url: v.nullable(v.string()), createdAt: isoDate })),
  subscriptions: v.array(v.object({ kind: v.picklist(['replies', 'posts']), pageId: v.string(), name: v.string(), createdAt: isoDate })),
});

/** `DELETE /api/admin/commenters?email=` answer. */
export const CommenterErasedSchema = v.object({ comments: count, likes: count, subscriptions: count });

/** The `data` of each live event on `GET /api/events`. */
export const LiveEventDataSchemas = {
  comment: v.object({ comment: CommentSchema }),
  deleted: v.object({ id: v.string() }),
  likes: v.object({ count }),
} as const;

/** Query-string values the API reads. */
export const query = {
  pageId: FIELDS.pageId,
  sort: v.optional(v.picklist(['oldest', 'newest']), 'oldest'),
  cursor: v.pipe(v.string(), v.maxLength(512), v.description('The opaque `nextCursor` of the previous page, read with the same sort.')),
  limit: v.pipe(v.string(), v.regex(/^[1-9]\d{0,2}$/), v.transform(Number), v.maxValue(LIMITS.pageSizeMax)),
  email: FIELDS.email,
};
