import { Component, h, type ComponentType, type FunctionComponent } from 'preact';

/**
 * `render` that re-renders only when a prop changes (by identity): a long
 * list that grows by a slice renders the new items, not every item again.
 * Context changes still reach the components inside.
 */
export function memo<P extends object>(render: FunctionComponent<P>): ComponentType<P> {
  return class Memo extends Component<P> {
    override shouldComponentUpdate(next: P): boolean {
      const keys = new Set([...Object.keys(next), ...Object.keys(this.props)]);
      for (const key of keys) if (Reflect.get(next, key) !== Reflect.get(this.props, key)) return true;
      return false;
    }
    override render(props: P) {
      return h(render, props);
    }
  };
}
