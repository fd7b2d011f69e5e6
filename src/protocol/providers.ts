/** The identity providers a reader can sign in with, in the order the form shows them. */
export const PROVIDERS = ['wordpress', 'google', 'twitter', 'facebook'] as const;
