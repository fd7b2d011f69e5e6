/**
 * The two strings natter hands to Trusted Types sinks. Where the browser has
 * Trusted Types they come back as `TrustedHTML` and `TrustedScriptURL`
 * objects, which the sinks take where TypeScript's DOM types say `string`.
 */
export interface NatterPolicy {
  /** A comment body, for an inert `<template>` only: parsed there, rebuilt through an allowlist, never inserted. */
  createHTML(html: string): string;
  /** The address of one of natter's own scripts, beside its bundle. */
  createScriptURL(url: string): string;
}

// Absent where the browser has no Trusted Types: reading it then throws, and natter uses plain strings.
declare const trustedTypes: { createPolicy(name: string, rules: NatterPolicy): NatterPolicy };
const same = (s: string) => s;
// The browser keeps policies per page and a host may allow the name once
// (`trusted-types natter`), so there is one per page: the script-tag bundle
// hands this module to natter.interaction.js (vite.config.ts).
let policy: NatterPolicy | undefined;

/**
 * The `natter` Trusted Types policy, so that a host requiring Trusted Types
 * (`require-trusted-types-for 'script'`) sees no violation; plain strings
 * where the browser has no Trusted Types, or the host's policy list leaves natter out.
 * @example template.innerHTML = natterPolicy().createHTML(body) // an inert template, never inserted
 */
export function natterPolicy(): NatterPolicy {
  try {
    policy ??= trustedTypes.createPolicy('natter', { createHTML: same, createScriptURL: same });
  } catch {
    policy = { createHTML: same, createScriptURL: same };
  }
  return policy;
}
