// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { hostDocument, hostQuery } from '../src/host-document';

afterEach(() => {
  document.body.replaceChildren();
});

describe('hostDocument', () => {
  it('reads the document itself even when markup shadows the property', () => {
    document.title = 'Small is beautiful?';
    // What a clobbering page does: a named element stands in for the property.
    Object.defineProperty(document, 'title', { value: document.createElement('img'), configurable: true });
    Object.defineProperty(document, 'readyState', { value: document.createElement('form'), configurable: true });
    try {
      expect(hostDocument('title')).toBe('Small is beautiful?');
      expect(hostDocument('readyState')).toBe('complete');
      expect(hostDocument('currentScript')).toBeNull();
    } finally {
      Reflect.deleteProperty(document, 'title');
      Reflect.deleteProperty(document, 'readyState');
    }
  });

  it('finds elements when querySelector is shadowed', () => {
    document.body.innerHTML = '<div id="natter"></div>';
    Object.defineProperty(document, 'querySelector', { value: document.createElement('form'), configurable: true });
    try {
      expect(hostQuery('#natter')?.id).toBe('natter');
    } finally {
      Reflect.deleteProperty(document, 'querySelector');
    }
  });
});
