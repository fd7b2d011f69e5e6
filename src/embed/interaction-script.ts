import { scriptExports } from '../identity/script-exports';
import { natterPolicy } from '../model/trusted-types';
import { INTERACTION_EXPORT, INTERACTION_SCRIPT, isInteractionChunk, type InteractionChunk } from './interaction-chunk';

/**
 * What `natter.interaction.js` imports from this bundle (vite.config.ts maps
 * its `model/trusted-types` imports here): the Trusted Types policy, which a
 * page may allow to be made once. The chunk brings its own preact.
 */
const CORE_IMPORTS = { trustedTypes: { natterPolicy } };

/** Loads `natter.interaction.js` from beside `scriptUrl`, once (a failed load is tried again next time). */
export function loadInteractionScript(scriptUrl: string): () => Promise<InteractionChunk> {
  return scriptExports(new URL(INTERACTION_SCRIPT, scriptUrl).href, INTERACTION_EXPORT, isInteractionChunk, CORE_IMPORTS);
}
