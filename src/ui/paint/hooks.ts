/**
 * What the script-tag bundle has for `preact/hooks` (see `./preact.ts`): a
 * component painted once gets its initial state and memos, its refs empty,
 * its context's value, and no effects — they run once preact takes over.
 */

/** The initial state, and a setter that does nothing. */
export function useState<T>(initial: T | (() => T)): [T, (next: unknown) => void] {
  return [typeof initial === 'function' ? (initial as () => T)() : initial, () => {}];
}

export const useRef = <T>(current: T): { current: T } => ({ current });

export const useMemo = <T>(make: () => T): T => make();

export const useEffect = (): void => {};

export const useLayoutEffect = useEffect;

export const useContext = <T>(context: { value: T }): T => context.value;
