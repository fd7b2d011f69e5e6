import { NatterError } from '../model/errors';
import { natterPolicy } from '../model/trusted-types';

/**
 * A loader of one of natter's own classic scripts, built beside the
 * script-tag bundle: adds `<script src>` (so a host CSP that allows natter's
 * origin allows it too — no inline code, no eval; the URL goes through the
 * `natter` Trusted Types policy) the first time it is called, hands it
 * `imports` as the element's `natterCore` property, and resolves with
 * what the script left on its element as `exportName`, once `accepts` it.
 * Nothing is added to `window`. A failed load rejects with `network` and is
 * tried again next time.
 */
export function scriptExports<T>(src: string, exportName: string, accepts: (value: unknown) => value is T, imports?: object): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () => (loading ??= new Promise<T>((resolve, reject) => {
    const script = document.createElement('script');
    const done = () => {
      script.remove();
      const value: unknown = Reflect.get(script, exportName);
      if (accepts(value)) return resolve(value);
      loading = undefined;
      reject(new NatterError('network', `natter: ${src} did not load`));
    };
    script.onload = script.onerror = done;
    if (imports) Reflect.set(script, 'natterCore', imports);
    script.src = natterPolicy().createScriptURL(src);
    document.head.append(script);
  }));
}
