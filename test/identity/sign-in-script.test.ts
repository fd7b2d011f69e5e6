// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { SIGN_IN_EXPORT, loadSignInScript } from '../../src/identity/sign-in-script';
import { consumeRedirectCode, signInFlow } from '../../src/identity/sign-in-flow';

const SCRIPT_URL = 'https://cdn.example.test/natter/1.0/natter.iife.js';

/** The `<script>` elements the loader added, by src. */
const added = () => [...document.querySelectorAll('script')].map((s) => s.src);

/** Acts as the browser would once `natter.sign-in.js` ran (or failed to load). */
function finish(script: HTMLScriptElement, ran: boolean): void {
  if (ran) Reflect.set(script, SIGN_IN_EXPORT, { signInFlow, consumeRedirectCode });
  script.dispatchEvent(new Event(ran ? 'load' : 'error'));
}

afterEach(() => {
  document.head.replaceChildren();
});

describe('loadSignInScript', () => {
  it('adds natter.sign-in.js from beside the script once, and resolves with what it left on its element', async () => {
    const load = loadSignInScript(SCRIPT_URL);
    expect(added()).toEqual([]);
    const first = load();
    const second = load();
    expect(added()).toEqual(['https://cdn.example.test/natter/1.0/natter.sign-in.js']);
    const script = document.querySelector('script');
    if (!script) throw new Error('no script added');
    finish(script, true);
    const flows = await first;
    expect(flows.signInFlow).toBe(signInFlow);
    expect(await second).toBe(flows);
    // The element is gone and nothing was left on window.
    expect(added()).toEqual([]);
    expect(Object.keys(window).filter((k) => /natter/i.test(k))).toEqual([]);
    expect(await load()).toBe(flows);
  });

  it('rejects with network when the script does not load, or leaves nothing, and tries again next time', async () => {
    const load = loadSignInScript(SCRIPT_URL);
    const failed = load();
    const script = document.querySelector('script');
    if (!script) throw new Error('no script added');
    finish(script, false);
    await expect(failed).rejects.toMatchObject({ name: 'NatterError', code: 'network' });

    const empty = load();
    const again = document.querySelector('script');
    if (!again) throw new Error('no script added on the second try');
    // Loaded, but something else answered at that address.
    again.dispatchEvent(new Event('load'));
    await expect(empty).rejects.toMatchObject({ code: 'network' });

    const third = load();
    const last = document.querySelector('script');
    if (!last) throw new Error('no script added on the third try');
    finish(last, true);
    expect((await third).consumeRedirectCode).toBe(consumeRedirectCode);
  });
});
