import type { ProviderId } from '../provider-ids';

/** A test user the local stand-in providers let you sign in as. */
export interface StandinUser {
  /** Stable key used in forms and avatar URLs. */
  key: string;
  /** Display name as the provider would return it (hostile on purpose for Mallory). */
  name: string;
  username: string;
  email: string;
  /** The user's id at each provider, shaped like that provider's ids. */
  ids: Record<ProviderId, string>;
  /** Avatar colour, RGB. */
  colour: readonly [number, number, number];
}

/**
 * The stand-ins' test users. Mallory's name and profile are hostile on
 * purpose, so development shows what natter does with untrusted profiles.
 */
export const STANDIN_USERS: readonly StandinUser[] = [
  {
    key: 'ada',
    name: 'Ada Lovelace',
    username: 'ada',
    email: 'ada@example.test',
    ids: { wordpress: '18151210', google: '101815121000000000001', twitter: '1815121001', facebook: '10151815121000001' },
    colour: [0x6a, 0x3d, 0x9a],
  },
  {
    key: 'grace',
    name: 'Grace Hopper',
    username: 'grace',
    email: 'grace@example.test',
    ids: { wordpress: '19061209', google: '101906120900000000002', twitter: '1906120902', facebook: '10151906120900002' },
    colour: [0x1f, 0x78, 0xb4],
  },
  {
    key: 'mallory',
    name: '\u202eMallory\u200b <img src=x onerror=alert(1)>',
    username: 'mallory',
    email: 'mallory@example.test',
    ids: { wordpress: '66600001', google: '106660000000000000003', twitter: '6660000003', facebook: '10156660000000003' },
    colour: [0xb1, 0x2a, 0x2a],
  },
];

/** The test user with `key`, if any. */
export function standinUser(key: unknown): StandinUser | undefined {
  return STANDIN_USERS.find((user) => user.key === key);
}
