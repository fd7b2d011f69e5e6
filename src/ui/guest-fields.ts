import { html } from './html';
import { useWidget } from './context';
import type { FieldErrors } from './form-validate';

/** The guest details the fields edit. */
export interface GuestValues {
  email: string;
  name: string;
  url: string;
}

/** Props of {@link GuestFields}. */
export interface Props {
  /** Prefix making the inputs' ids unique within the widget. */
  idPrefix: string;
  values: GuestValues;
  errors: FieldErrors;
  onChange(field: keyof GuestValues, value: string): void;
}

/**
 * Email, name and website, in the order readers know; required when the site
 * says so. Each input's error message is linked through `aria-describedby`.
 */
export function GuestFields({ idPrefix, values, errors, onChange }: Props) {
  const { t, config } = useWidget();
  const required = config.requireNameEmail;
  // [name (also its autocomplete token), input type, label]
  const fields: [keyof GuestValues, string, string][] = [
    ['email', 'email', required ? t.t('Email (required) (Address never made public)') : t.t('Email (Address never made public)')],
    ['name', 'text', required ? t.t('Name (required)') : t.t('Name')],
    ['url', 'url', t.t('Website')],
  ];
  return fields.map(([name, type, label]) => {
    const id = `${idPrefix}-${name}`;
    const error = errors[name];
    return html`<p class="field">
      <label for=${id}>${label}</label>
      <input
        id=${id}
        name=${name}
        type=${type}
        value=${values[name]}
        autocomplete=${name}
        required=${required && name !== 'url'}
        aria-invalid=${error ? 'true' : undefined}
        aria-describedby=${error ? `${id}-error` : undefined}
        onInput=${(e: Event) => onChange(name, (e.currentTarget as HTMLInputElement).value)}
      />
      ${error && html`<span id=${`${id}-error`} class="error">${error}</span>`}
    </p>`;
  });
}
