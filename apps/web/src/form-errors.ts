import type { RJSFValidationError } from '@rjsf/utils';
import ar from './locales/form-errors-ar.json';
import en from './locales/form-errors-en.json';
import fr from './locales/form-errors-fr.json';
import ro from './locales/form-errors-ro.json';
import { translate } from './translate';

const TEXTS = { en, fr, ar, ro };

type Params = Record<string, unknown>;
/** ajv keyword → the key of its message and the numbers it names. */
const BY_KEYWORD: Record<string, (p: Params) => { key: string; n?: unknown }> = {
  required: () => ({ key: 'required' }),
  minLength: (p) => (p.limit === 1 ? { key: 'empty' } : { key: 'minLength', n: p.limit }),
  maxLength: (p) => ({ key: 'maxLength', n: p.limit }),
  minimum: (p) => ({ key: 'minimum', n: p.limit }),
  maximum: (p) => ({ key: 'maximum', n: p.limit }),
  exclusiveMinimum: (p) => ({ key: 'exclusiveMinimum', n: p.limit }),
  exclusiveMaximum: (p) => ({ key: 'exclusiveMaximum', n: p.limit }),
  pattern: () => ({ key: 'pattern' }),
  enum: () => ({ key: 'option' }),
  const: () => ({ key: 'option' }),
  oneOf: () => ({ key: 'option' }),
  anyOf: () => ({ key: 'option' }),
  type: () => ({ key: 'type' }),
  minItems: (p) => ({ key: 'minItems', n: p.limit }),
  maxItems: (p) => ({ key: 'maxItems', n: p.limit }),
  uniqueItems: () => ({ key: 'uniqueItems' }),
  format: (p) => ({ key: `format.${String(p.format)}` }),
};

/**
 * The form checks' messages in the user's language. ajv writes English ("must have required property
 * 'Date of birth'"); each message is shown under its own field, so it need not name it. A keyword
 * without a text of ours keeps ajv's message; a failed `if` says nothing of its own.
 */
export function localizeFormErrors(errors: RJSFValidationError[], locale: string): RJSFValidationError[] {
  // `if` only says that its `then` (or `else`) failed, whose own errors are shown under their fields.
  return errors
    .filter((e) => e.name !== 'if')
    .map((e) => {
      const found = e.name ? BY_KEYWORD[e.name]?.(e.params ?? {}) : undefined;
      if (!found) return e;
      const vars: Record<string, number> = found.n === undefined ? {} : { n: Number(found.n) };
      let key = `formError.${found.key}`;
      // A format without a text of its own: the general one.
      if (found.key.startsWith('format.') && !(key in en)) key = 'formError.format';
      const message = translate(locale, key, vars, TEXTS);
      return { ...e, message, stack: message };
    });
}
