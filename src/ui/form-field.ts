import { html } from './html';

/** Props of {@link FormField}. */
export interface Props {
  /** The input's id; its message gets `<id>-error`. */
  id: string;
  name: string;
  label: string;
  value: string;
  /** @default 'text' */
  type?: 'text' | 'email' | 'url';
  autoComplete?: string;
  required?: boolean;
  /** The translated message shown under the field, when it is wrong. */
  error?: string | undefined;
  onInput(value: string): void;
}

/** A labelled text input with its error message linked through `aria-describedby`. */
export function FormField(props: Props) {
  const { id, error } = props;
  return html`<p class="field">
    <label for=${id}>${props.label}</label>
    <input
      id=${id}
      name=${props.name}
      type=${props.type ?? 'text'}
      value=${props.value}
      autocomplete=${props.autoComplete}
      required=${props.required}
      aria-invalid=${error ? 'true' : undefined}
      aria-describedby=${error ? `${id}-error` : undefined}
      onInput=${(e: Event) => props.onInput((e.currentTarget as HTMLInputElement).value)}
    />
    ${error && html`<span id=${`${id}-error`} class="error">${error}</span>`}
  </p>`;
}
