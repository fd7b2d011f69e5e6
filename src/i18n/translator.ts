/**
 * A catalogue maps an English message (the key, gettext-style) to its
 * translation. Plural messages map to one form per `Intl.PluralRules`
 * category (`one`, `few`, `many`, `other`…). English needs no catalogue: the
 * keys are the English text, so it costs the bundle nothing.
 */
export type Catalogue = Record<string, string | Partial<Record<Intl.LDMLPluralRule, string>>>;

/** Translates messages for one locale. */
export interface Translator {
  /** The BCP 47 locale in use (`en`, `fr`, `de`…). */
  readonly locale: string;
  /** Translates `message`, replacing each `%s` in order with `args`. */
  t(message: string, ...args: (string | number)[]): string;
  /**
   * Translates a plural message for `count`: `one` is the English singular,
   * `other` the English plural; `%d` becomes the localised count and `%s` the args.
   */
  tn(one: string, other: string, count: number, ...args: (string | number)[]): string;
}

/** Builds a {@link Translator} for `locale` from its catalogue (empty for English). */
export function createTranslator(locale: string, catalogue: Catalogue = {}): Translator {
  // Made when first needed: the first Intl format a page builds loads the browser's locale
  // data (10–30 ms), and English needs none (its counts group by threes with commas).
  let numbers: Intl.NumberFormat | undefined;
  let rules: Intl.PluralRules | undefined;
  const number = (n: number) => locale === 'en' && Number.isInteger(n)
    ? String(n).replace(/\B(?=(\d{3})+$)/g, ',')
    : (numbers ??= new Intl.NumberFormat(locale)).format(n);
  const fill = (text: string, count: number | undefined, args: (string | number)[]) => {
    let i = 0;
    return text.replace(/%([sd])/g, (_, kind: string) =>
      kind === 'd' && count !== undefined ? number(count) : String(args[i++] ?? ''),
    );
  };
  return {
    locale,
    t(message, ...args) {
      const found = catalogue[message];
      return fill(typeof found === 'string' ? found : message, undefined, args);
    },
    tn(one, other, count, ...args) {
      const found = catalogue[other];
      const text =
        typeof found === 'object'
          ? (found[(rules ??= new Intl.PluralRules(locale)).select(count)] ?? found.other ?? other)
          : count === 1 ? one : other; // English: "one" is exactly 1
      return fill(text, count, args);
    },
  };
}
