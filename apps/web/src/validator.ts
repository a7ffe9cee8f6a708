import { customizeValidator } from '@rjsf/validator-ajv8';
import { RE2JS } from 're2js';

/**
 * Form patterns are matched with RE2 as on the server (libs/forms linear-regexp): linear time, so a
 * pack's pattern cannot freeze the browser, and both sides agree on what an answer matches. ajv caches
 * compiled patterns by `toString()`, hence the pattern in it.
 */
const linearRegExp = Object.assign(
  (pattern: string) => {
    const re = RE2JS.compile(RE2JS.translateRegExp(pattern));
    return { test: (s: string) => re.test(s), toString: () => `/${pattern}/re2` };
  },
  { code: 'linearRegExp' },
);

/**
 * One validator for every form in the app. The pack's annotations (x-label, x-optionList,
 * x-sensitive...) are not JSON Schema keywords; `phone` is the platform's own format, checked as the
 * server checks it (libs/forms field-types: an optional +, digits with separators, 6 to 15 digits).
 */
export const formValidator = customizeValidator({
  ajvOptionsOverrides: { strict: false, code: { regExp: linearRegExp } },
  customFormats: { phone: (v: string) => /^\+?[0-9 ()./-]+$/.test(v) && /^\d{6,15}$/.test(v.replace(/\D/g, '')) },
});
