import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/** The rule ids ESLint reports for `code` placed at `filePath`, with natter's own configuration. */
async function rulesBroken(filePath: string, code: string): Promise<(string | null)[]> {
  const [result] = await new ESLint().lintText(code, { filePath });
  return result?.messages.map((m) => m.ruleId) ?? [];
}

describe('the linter holds the boundaries of docs/architecture.md', () => {
  it('fails widget code that imports server code', async () => {
    expect(await rulesBroken('src/ui/leak.ts', "import { createApp } from '../../server/src/app';\nexport const x = createApp;\n")).toContain('no-restricted-imports');
    expect(await rulesBroken('src/backend/leak.ts', "import { main } from 'natter-server';\nexport const x = main;\n")).toContain('no-restricted-imports');
  });

  it('fails server code that imports the widget UI, or the widget other than through natter/protocol', async () => {
    expect(await rulesBroken('server/src/leak.ts', "import { renderBody } from 'natter/render';\nexport const x = renderBody;\n")).toContain('no-restricted-imports');
    expect(await rulesBroken('server/src/comments/leak.ts', "import { html } from '../../../src/ui/html';\nexport const x = html;\n")).toContain('no-restricted-imports');
    expect(await rulesBroken('server/src/comments/fine.ts', "import { LIMITS } from 'natter/protocol';\nexport const x = LIMITS;\n")).toEqual([]);
  });

  it('keeps preact out of backends and the protocol out of everything but its schema library', async () => {
    expect(await rulesBroken('src/backend/http/leak.ts', "import { h } from 'preact';\nexport const x = h;\n")).toContain('no-restricted-imports');
    expect(await rulesBroken('src/protocol/leak.ts', "import type { Translator } from '../i18n/translator';\nexport type X = Translator;\n")).toContain('no-restricted-imports');
    expect(await rulesBroken('src/ui/leak.ts', "import { MemoryBackend } from '../backend/memory/memory';\nexport const x = MemoryBackend;\n")).toContain('no-restricted-imports');
  });

  it('allows `any` only in migrations', async () => {
    expect(await rulesBroken('server/src/comments/loose.ts', 'export const x = (v: any) => v;\n')).toContain('@typescript-eslint/no-explicit-any');
    expect(await rulesBroken('server/src/storage/migrations/sqlite/9999_x.ts', 'export const x = (v: any) => v;\n')).toEqual([]);
  });
});
