import { describe, expect, it } from 'vitest';
import { ALL_CAPABILITIES } from '../helpers/backend-contract';
import { WordPressBackend } from '../../src/backend/wordpress/wordpress-backend';
import { createBackend } from '../../src/embed/backend-factory';
import { WORDPRESS_MEMBERS, wordpressScriptFactory } from '../../src/embed/wordpress-script-factory';

const factory = wordpressScriptFactory('https://comments.example/natter.iife.js');

describe('wordpressScriptFactory', () => {
  it('stands in with exactly the members WordPressBackend has, so the widget offers nothing dead', () => {
    const methods = Object.getOwnPropertyNames(WordPressBackend.prototype).filter((name) => name !== 'constructor');
    expect([...WORDPRESS_MEMBERS].sort()).toEqual(methods.sort());
    const backend = factory.create('wordpress:https://blog.example');
    expect(Object.keys(backend ?? {}).sort()).toEqual([...WORDPRESS_MEMBERS].sort());
    for (const capability of ALL_CAPABILITIES) {
      expect(capability in (backend ?? {})).toBe(WORDPRESS_MEMBERS.includes(capability));
    }
  });

  it('leaves other backends to the other factories', () => {
    expect(factory.create('https://comments.example')).toBeNull();
    expect(factory.create('memory')).toBeNull();
  });

  it('names the wordpress: form in the error for a backend nobody knows', () => {
    expect(() => createBackend('blog.example', [factory])).toThrow(/must be wordpress:<url>, got "blog.example"/);
  });
});
