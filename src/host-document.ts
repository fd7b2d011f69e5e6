/**
 * `document`'s own properties, read through `Document.prototype`: the host
 * page's markup can shadow them (`<img name="currentScript">` makes
 * `document.currentScript` that image, `<form name="querySelector">` makes
 * `document.querySelector` a form — DOM clobbering).
 * @example hostDocument('currentScript')
 */
export function hostDocument<K extends 'currentScript' | 'readyState' | 'title'>(key: K): Document[K] {
  return Reflect.get(Document.prototype, key, document);
}

/** `document.querySelector`, out of reach of clobbering markup. */
export function hostQuery(selector: string): Element | null {
  return Document.prototype.querySelector.call(document, selector);
}
