import { afterAll } from 'vitest';

// preact/hooks runs effects after the next frame, with a 100 ms timer beside
// requestAnimationFrame in case no frame comes; that timer calls
// cancelAnimationFrame. A jsdom file whose last render scheduled one would
// have it fire after the environment took jsdom's globals away (an uncaught
// ReferenceError that fails the run): let it fire before the file ends.
afterAll(async () => {
  if (typeof window === 'undefined') return;
  await new Promise((resolve) => setTimeout(resolve, 150));
});
