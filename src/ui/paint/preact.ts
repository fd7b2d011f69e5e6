/**
 * What the script-tag bundle has for `preact` (vite.config.ts points its
 * imports here): the widget's own components draw their first render once,
 * as plain DOM — no diffing, no state, no effects, no event handlers. First
 * paint is all the core does; the interaction chunk brings preact itself,
 * which renders the same components over this painting and reuses its nodes
 * (see `src/mount.ts`). Keeping one set of components for both is what makes
 * the painting and preact's first render the same markup.
 *
 * Attributes are written as preact writes them: `false` and `null` leave one
 * out (but `aria-*` and `data-*` say "false"), `true` is present and empty,
 * `style` objects set each property, a `<select>`'s `value` is set after its
 * options. Event handlers (`on…`) are never written, whatever their value.
 */

/** Props of a painted node, with its children. */
type Props = Record<string, unknown>;

/** A node to paint: an element's tag, a component or a context provider, and its props. */
interface PaintNode {
  type: string | ((props: Props) => unknown) | (new (props: Props) => Component<Props>);
  props: Props;
}

/** What a provider made by {@link createContext} carries: the context whose value it sets. */
interface Provider {
  (props: Props): unknown;
  context: { value: unknown };
}

/** Builds a node: the `h` that the compiled `html` templates call. */
export function h(type: PaintNode['type'], props: Props | null, ...children: unknown[]): PaintNode {
  const all: Props = { ...props };
  if (children.length) all['children'] = children.length > 1 ? children : children[0];
  return { type, props: all };
}

/** Its children, without an element of its own. */
export const Fragment = (props: Props): unknown => props['children'];

/** A class component: painted from its `render()` with its initial state; `setState` does nothing. */
export class Component<P = Props, S = object> {
  props: P;
  state = {} as S;
  constructor(props: P) {
    this.props = props;
  }
  setState(): void {}
  forceUpdate(): void {}
}

/** A context: its `Provider` sets the value the components under it read with `useContext`. */
export function createContext<T>(value: T): { value: T; Provider: Provider } {
  const context = { value } as { value: T; Provider: Provider };
  context.Provider = Object.assign((props: Props) => props['children'], { context });
  return context;
}

/** Paints `node` at the end of `parent`. */
function paint(node: unknown, parent: Node): void {
  if (node == null || typeof node === 'boolean') return;
  if (Array.isArray(node)) {
    for (const child of node) paint(child, parent);
    return;
  }
  if (typeof node !== 'object') {
    parent.appendChild(document.createTextNode(String(node)));
    return;
  }
  const { type, props } = node as PaintNode;
  if (typeof type === 'function') {
    const { context } = type as Partial<Provider>;
    if (context) {
      const outer = context.value;
      context.value = props['value'];
      paint(props['children'], parent);
      context.value = outer;
    } else if ((type.prototype as { render?: unknown } | undefined)?.render) {
      const component = new (type as new (props: Props) => Component<Props> & { render(props: Props, state: object): unknown })(props);
      paint(component.render(props, component.state), parent);
    } else {
      paint((type as (props: Props) => unknown)(props), parent);
    }
    return;
  }
  const element = document.createElement(type);
  for (const name in props) {
    const value = props[name];
    // Event handlers, refs and objects other than a style are preact's business once it takes over.
    if (value == null || typeof value === 'function' || name.startsWith('on') || name === 'children' || name === 'key' || name === 'ref' || name === 'value') continue;
    if (typeof value === 'object') {
      if (name === 'style') {
        for (const [property, setting] of Object.entries(value)) {
          if (property.startsWith('-')) element.style.setProperty(property, String(setting));
          else Reflect.set(element.style, property, setting);
        }
      }
      continue;
    }
    const word = name[4] === '-'; // aria-*, data-*: their "false" is a value
    if (value === false && !word) continue;
    element.setAttribute(name === 'className' ? 'class' : name, value === true && !word ? '' : String(value));
  }
  paint(props['children'], element);
  if (props['value'] != null) Reflect.set(element, 'value', String(props['value']));
  parent.appendChild(element);
}

/**
 * Paints `node` into `container` in place of what was there; `null` empties
 * it. Returns `true`, which preact's `render` never does: the caller knows its
 * tree is a painting, waiting for preact to take it over.
 */
export function render(node: unknown, container: Element): true {
  const fragment = document.createDocumentFragment();
  paint(node, fragment);
  container.replaceChildren(fragment);
  return true;
}
