// The parts of oidc-provider (a development dependency without bundled types)
// that the Google stand-in uses.
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  interface Interaction {
    uid: string;
    prompt: { name: string };
    params: Record<string, unknown>;
  }

  interface Grant {
    addOIDCScope(scope: string): void;
    save(): Promise<string>;
  }

  interface PromptList extends Array<Prompt> {
    add(prompt: Prompt, index?: number): void;
  }

  export const interactionPolicy: {
    Prompt: new (options: { name: string; requestable: boolean }) => Prompt;
    base(): PromptList;
  };
  class Prompt {
    name: string;
  }

  export default class Provider {
    constructor(issuer: string, configuration: Record<string, unknown>);
    proxy: boolean;
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<Interaction>;
    interactionResult(
      req: IncomingMessage, res: ServerResponse, result: Record<string, unknown>, options?: { mergeWithLastSubmission?: boolean },
    ): Promise<string>;
    Grant: new (init: { accountId: string; clientId: string }) => Grant;
    on(event: string, listener: (...args: unknown[]) => void): this;
  }
}

declare module 'oidc-provider/lib/adapters/memory_adapter.js' {
  /** An in-memory adapter with its own store (the default one is shared by every provider in the process). */
  export function createMemoryAdapter(clockTolerance?: number): unknown;
}
