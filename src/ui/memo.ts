import { Component, h, type ComponentType, type FunctionComponent } from 'preact';

/**
 * `render` that re-renders only when a prop changes (by identity): a long
 * list that grows by a slice renders the new items, not every item again.
 * Context changes still reach the components inside. `same` may compare
 * the props otherwise.
 */
export function memo<P extends object>(render: FunctionComponent<P>, same: (a: P, b: P) => boolean = sameProps): ComponentType<P> {
  return class Memo extends Component<P> {
    override shouldComponentUpdate(next: P): boolean {
      return !same(this.props, next);
    }
    override render(props: P) {
      return h(render, props);
    }
  };
}

/** True when `a` and `b` have the same props, each the same by identity. */
function sameProps(a: object, b: object): boolean {
  let count = 0;
  for (const key in b) {
    count++;
    if (Reflect.get(a, key) !== Reflect.get(b, key)) return false;
  }
  for (const key in a) if (key) count--;
  return count === 0;
}
