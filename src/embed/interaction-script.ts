import { h } from 'preact';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { scriptExports } from '../identity/script-exports';
import { natterPolicy } from '../model/trusted-types';
import { useWidget } from '../ui/context';
import { INTERACTION_EXPORT, INTERACTION_SCRIPT, isInteractionChunk, type InteractionChunk } from './interaction-chunk';

/**
 * What `natter.interaction.js` imports from this bundle (vite.config.ts maps
 * its `preact`, `preact/hooks`, `ui/context` and `model/trusted-types` imports here): exactly the
 * members it uses, so that first paint carries no more of preact than it needs.
 * The browser journeys fail when one is missing.
 */
const CORE_IMPORTS = {
  preact: { h },
  hooks: { useEffect, useLayoutEffect, useMemo, useRef, useState },
  context: { useWidget },
  trustedTypes: { natterPolicy },
};

/** Loads `natter.interaction.js` from beside `scriptUrl`, once (a failed load is tried again next time). */
export function loadInteractionScript(scriptUrl: string): () => Promise<InteractionChunk> {
  return scriptExports(new URL(INTERACTION_SCRIPT, scriptUrl).href, INTERACTION_EXPORT, isInteractionChunk, CORE_IMPORTS);
}
