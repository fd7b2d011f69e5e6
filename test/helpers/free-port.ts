import { createServer } from 'node:net';

/**
 * A free TCP port on 127.0.0.1, for a server that must know its own address
 * before it starts (public URLs in links, allowed origins, OAuth redirect URIs).
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      if (address === null || typeof address === 'string') return reject(new Error('no free port on 127.0.0.1'));
      probe.close(() => resolve(address.port));
    });
  });
}
