import { afterEach, describe, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.resetModules();
});

/** A fresh copy of the module: the policy is made once per bundle. */
const fresh = async () => (await import('../../src/model/trusted-types')).natterPolicy;

describe('natterPolicy', () => {
  it('makes one policy named natter, however often it is asked for', async () => {
    const createPolicy = vi.fn((name: string, rules: { createHTML(s: string): string }) => ({ ...rules, name }));
    vi.stubGlobal('trustedTypes', { createPolicy });
    const natterPolicy = await fresh();
    expect(natterPolicy()).toBe(natterPolicy());
    expect(createPolicy).toHaveBeenCalledTimes(1);
    expect(createPolicy.mock.calls[0]?.[0]).toBe('natter');
    expect(natterPolicy().createHTML('<p>Hi</p>')).toBe('<p>Hi</p>');
    expect(natterPolicy().createScriptURL('https://c.example/natter.sign-in.js')).toBe('https://c.example/natter.sign-in.js');
  });

  it('passes strings through where the browser has no Trusted Types', async () => {
    const natterPolicy = await fresh();
    expect(natterPolicy().createHTML('<p>Hi</p>')).toBe('<p>Hi</p>');
  });

  it('passes strings through when the host page does not allow the name', async () => {
    const createPolicy = vi.fn(() => {
      throw new TypeError('Policy "natter" disallowed.');
    });
    vi.stubGlobal('trustedTypes', { createPolicy });
    const natterPolicy = await fresh();
    expect(natterPolicy().createScriptURL('/natter.interaction.js')).toBe('/natter.interaction.js');
    natterPolicy();
    expect(createPolicy).toHaveBeenCalledTimes(1);
  });
});
