import { render } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import { useState } from 'preact/hooks';
import type { Backend, NewComment, SignInOptions } from '../../src/backend/backend';
import { createTranslator } from '../../src/i18n/translator';
import { NatterError } from '../../src/model/errors';
import { PROVIDERS, type Comment, type ProviderId, type Session, type SiteConfig, type VisibleStatus } from '../../src/model/types';
import { actionErrorMessage } from '../../src/ui/action-error-message';
import { CommentEditor } from '../../src/ui/comment-editor';
import { DeleteQuestion } from '../../src/ui/delete-question';
import { LiveUpdates } from '../../src/ui/live-updates';
import { CommentForm } from '../../src/ui/comment-form';
import { Widget, type WidgetContext } from '../../src/ui/context';
import { html } from '../../src/ui/html';

/** A site configuration with everything on; `patch` overrides parts of it. */
export function siteConfig(patch: Partial<Omit<SiteConfig, 'features' | 'limits'>> & {
  features?: Partial<SiteConfig['features']>;
  limits?: Partial<SiteConfig['limits']>;
} = {}): SiteConfig {
  return {
    providers: [...PROVIDERS],
    guests: true,
    requireNameEmail: true,
    simulatedSignIn: false,
    ...patch,
    features: { likes: true, notifyReplies: true, notifyPosts: true, edit: true, live: false, ...patch.features },
    limits: { bodyMaxLength: 500, nameMaxLength: 64, urlMaxLength: 2048, editWindowSeconds: 900, pageSizeMax: 100, ...patch.limits },
  };
}

/** What the next post does: succeed, wait for {@link ScriptedBackend.release}, fail, or store and then lose the answer. */
export type PostStep = 'ok' | 'hold' | 'lose-answer' | NatterError;

/**
 * A backend whose answers a test scripts. Comments are stored by idempotency
 * key, like every real backend: posting again with a key returns the same comment.
 */
export class ScriptedBackend implements Backend {
  readonly posts: NewComment[] = [];
  readonly comments: Comment[] = [];
  readonly signIns: ProviderId[] = [];
  readonly aborted: ProviderId[] = [];
  signOuts = 0;
  script: PostStep[] = [];
  status: VisibleStatus = 'approved';
  /** How sign-in answers: at once, never (until aborted), or with an error. */
  signInStep: 'ok' | 'hold' | NatterError = 'ok';
  signIn?: (provider: ProviderId, options?: SignInOptions) => Promise<Session>;
  signOut?: () => Promise<void>;
  readonly #held: (() => void)[] = [];
  readonly #keys = new Map<string, Comment>();

  constructor(readonly config: SiteConfig = siteConfig(), { canSignIn = true } = {}) {
    if (!canSignIn) return;
    this.signIn = async (provider, options) => {
      this.signIns.push(provider);
      const step = this.signInStep;
      if (step instanceof NatterError) throw step;
      if (step === 'hold') {
        return new Promise<Session>((_, reject) =>
          options?.signal?.addEventListener('abort', () => {
            this.aborted.push(provider);
            reject(new NatterError('cancelled', 'signIn: cancelled'));
          }),
        );
      }
      return session(provider);
    };
    this.signOut = async () => {
      this.signOuts++;
    };
  }

  async getConfig() {
    return this.config;
  }

  async listComments() {
    return { comments: [...this.comments], nextCursor: null, total: this.comments.length };
  }

  async postComment(input: NewComment): Promise<Comment> {
    this.posts.push(input);
    const step = this.script.shift() ?? 'ok';
    if (step instanceof NatterError) throw step;
    if (step === 'hold') await new Promise<void>((resolve) => this.#held.push(resolve));
    const comment = this.#store(input);
    if (step === 'lose-answer') throw new NatterError('network', 'postComment: the connection dropped');
    return comment;
  }

  /** Lets the oldest held post finish. */
  release() {
    this.#held.shift()?.();
  }

  #store(input: NewComment): Comment {
    const known = this.#keys.get(input.idempotencyKey);
    if (known) return known;
    const comment: Comment = {
      id: `c${this.comments.length + 1}`,
      pageId: input.pageId,
      parentId: input.parentId,
      author: input.guest ? { name: input.guest.name } : { name: 'Sam Patel', provider: 'google' },
      bodyHtml: `<p>${input.body}</p>`,
      createdAt: new Date(0).toISOString(),
      status: this.status,
      mine: true,
    };
    this.#keys.set(input.idempotencyKey, comment);
    this.comments.push(comment);
    return comment;
  }
}

/** The session a provider's sign-in gives in these tests. */
export function session(provider: ProviderId): Session {
  return { provider, user: { id: `${provider}-1`, name: 'Sam Patel', avatarUrl: 'https://avatars.example/sam.png' } };
}

/** Options of {@link renderForm}. */
export interface RenderOptions {
  backend?: Backend;
  config?: SiteConfig;
  session?: Session | null;
  parent?: Comment | null;
  onCancel?: () => void;
  pageId?: string;
}

/**
 * Renders the form inside a widget context, below a stand-in thread that
 * shows posted comments the way the real one does (`id="comment-<id>"`, `tabIndex=-1`);
 * focusing them is the real thread's part (test/ui/app.test.ts).
 */
export function renderForm(options: RenderOptions = {}) {
  const backend = options.backend ?? new ScriptedBackend(options.config);
  const config = options.config ?? (backend instanceof ScriptedBackend ? backend.config : siteConfig());
  const announced: string[] = [];
  const state = { session: options.session ?? null };

  const parts = { CommentForm, CommentEditor, DeleteQuestion, LiveUpdates, errorMessage: actionErrorMessage, css: '' };
  function Root() {
    const [current, setSession] = useState<Session | null>(options.session ?? null);
    const [posted, setPosted] = useState<Comment[]>([]);
    state.session = current;
    const ctx: WidgetContext = {
      backend,
      config,
      t: createTranslator('en'),
      pageId: options.pageId ?? '/small-is-beautiful',
      options: { maxDepth: 3, sort: 'oldest', pageSize: 50, pageTitle: 'Small is beautiful?', pageUrl: 'https://blog.example/small' },
      session: current,
      setSession,
      loadSession: () => {},
      parts,
      interact: async () => parts,
      announce: (message) => announced.push(message),
    };
    return html`<${Widget.Provider} value=${ctx}>
      <ol>${posted.map((c) => html`<li id=${`comment-${c.id}`} tabIndex="-1">${c.author.name}</li>`)}</ol>
      <${CommentForm}
        parent=${options.parent}
        onPosted=${(c: Comment) => setPosted((list) => [...list, c])}
        onCancel=${options.onCancel}
      />
    </${Widget.Provider}>`;
  }

  const user = userEvent.setup();
  return { ...render(html`<${Root} />`), user, backend, announced, state };
}

/** A comment to reply to. */
export function parentComment(): Comment {
  return {
    id: 'p1', pageId: '/small-is-beautiful', parentId: null, author: { name: 'Dave Wilson' },
    bodyHtml: '<p>Interesting.</p>', createdAt: new Date(0).toISOString(), status: 'approved',
  };
}
