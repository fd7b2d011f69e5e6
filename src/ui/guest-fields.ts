import { html } from './html';
import { useWidget } from './context';
import { FormField } from './form-field';
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

/** Email, name and website, in the order readers know; required when the site says so. */
export function GuestFields({ idPrefix, values, errors, onChange }: Props) {
  const { t, config } = useWidget();
  const required = config.requireNameEmail;
  return html`<div>
    <${FormField}
      id=${`${idPrefix}-email`} name="email" type="email" autoComplete="email" required=${required}
      label=${required ? t.t('Email (required) (Address never made public)') : t.t('Email (Address never made public)')}
      value=${values.email} error=${errors.email} onInput=${(v: string) => onChange('email', v)}
    />
    <${FormField}
      id=${`${idPrefix}-name`} name="name" autoComplete="name" required=${required}
      label=${required ? t.t('Name (required)') : t.t('Name')}
      value=${values.name} error=${errors.name} onInput=${(v: string) => onChange('name', v)}
    />
    <${FormField}
      id=${`${idPrefix}-url`} name="url" type="url" autoComplete="url"
      label=${t.t('Website')}
      value=${values.url} error=${errors.url} onInput=${(v: string) => onChange('url', v)}
    />
  </div>`;
}
