import { DEMO_SEED } from '../backend/memory/demo-seed';
import { httpBackendFactory } from '../embed/create-backend';
import { memoryBackendFactory } from '../embed/memory-backend-factory';
import { startScriptTag } from '../embed/start-script-tag';
import { hostDocument } from '../host-document';

/*
 * The offline <script>-tag entry (`natter.offline.iife.js`): the script-tag
 * bundle plus the memory backend, for demos and tests without a server:
 *   <script src="natter.offline.iife.js" data-backend="memory" data-seed="demo" async></script>
 * keeps comments in this browser's localStorage; `data-seed="demo"` starts an
 * empty store with the demo article's thread.
 */

const script = hostDocument('currentScript');
const seed = script?.getAttribute('data-seed') === 'demo' ? DEMO_SEED : undefined;

/** Mounts a comment thread into `element`; other languages load from `locales/` beside this script. */
export const { mount } = startScriptTag([httpBackendFactory, memoryBackendFactory(seed)], () => import('../ui/interaction-parts'));
