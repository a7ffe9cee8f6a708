import { customizeValidator } from '@rjsf/validator-ajv8';

/**
 * One validator for every form in the app. The pack's annotations (x-label, x-optionList,
 * x-sensitive...) are not JSON Schema keywords; `phone` is the platform's own format, checked as the
 * server checks it (libs/forms field-types: an optional +, digits with separators, 6 to 15 digits).
 */
export const formValidator = customizeValidator({
  ajvOptionsOverrides: { strict: false },
  customFormats: { phone: (v: string) => /^\+?[0-9 ()./-]+$/.test(v) && /^\d{6,15}$/.test(v.replace(/\D/g, '')) },
});
