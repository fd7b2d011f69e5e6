import type { FullHttpBackend } from './script-http-backend';
import type { InteractionParts } from '../ui/interaction';

/** The interaction chunk's own script, built beside the script-tag bundle. */
export const INTERACTION_SCRIPT = 'natter.interaction.js';
/** The property of its `<script>` element on which `natter.interaction.js` leaves {@link InteractionChunk}. */
export const INTERACTION_EXPORT = 'natterInteraction';

/** What `natter.interaction.js` hands the script-tag bundle. */
export interface InteractionChunk {
  parts: InteractionParts;
  /** The full http backend (ky, sign-in) for the server at `baseUrl`. */
  httpBackend(baseUrl: string): FullHttpBackend;
}

/** True for an {@link InteractionChunk} (what a loaded script left on its element). */
export function isInteractionChunk(value: unknown): value is InteractionChunk {
  const o: object = Object(value);
  return typeof Reflect.get(o, 'httpBackend') === 'function' && typeof Reflect.get(o, 'parts') === 'object';
}
