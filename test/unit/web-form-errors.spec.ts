import type { RJSFValidationError } from '@rjsf/utils';
import { localizeFormErrors } from '../../apps/web/src/form-errors';

/**
 * The form checks the browser runs, as the user reads them: in their language, without ajv's
 * English. The errors are those RJSF's ajv validator reports (the browser test
 * form-answers-web.e2e-spec.ts sees them on a real form).
 */
describe('web form errors in the user language', () => {
  const error = (name: string, property: string, params: Record<string, unknown> = {}): RJSFValidationError => ({
    name,
    property,
    params,
    message: `ajv says ${name}`,
    stack: `${property} ajv says ${name}`,
    schemaPath: `#/properties${property.replace('.', '/')}/${name}`,
  });
  const errors = [
    error('required', '.sex', { missingProperty: 'sex' }),
    error('format', '.date_of_birth', { format: 'date' }),
    error('format', '.phone', { format: 'phone' }),
    error('format', '.website', { format: 'uri' }),
    error('maxLength', '.note', { limit: 5 }),
    error('minLength', '.name', { limit: 1 }),
    error('minimum', '.children', { comparison: '>=', limit: 0 }),
    error('oneOf', '.consent', { passingSchemas: null }),
    error('minItems', '.concerns', { limit: 2 }),
  ];
  const shown = (locale: string) => localizeFormErrors(errors, locale).map((e) => [e.property, e.message]);

  it('says what is missing or wrong in French, field by field', () => {
    expect(shown('fr')).toEqual([
      ['.sex', 'Cette réponse est obligatoire.'],
      ['.date_of_birth', 'Saisissez une date.'],
      ['.phone', 'Saisissez un numéro de téléphone (6 à 15 chiffres).'],
      ['.website', "N'est pas au format attendu."],
      ['.note', 'Au plus 5 caractères.'],
      ['.name', 'Ne doit pas être vide.'],
      ['.children', 'Au moins 0.'],
      ['.consent', "Choisissez l'une des options."],
      ['.concerns', 'Choisissez-en au moins 2.'],
    ]);
  });

  it('speaks Arabic and Romanian, and falls back to English for a language without texts', () => {
    expect(shown('ar')[0]).toEqual(['.sex', 'هذه الإجابة مطلوبة.']);
    expect(shown('ro')[0]).toEqual(['.sex', 'Acest răspuns este obligatoriu.']);
    expect(shown('de')[0]).toEqual(['.sex', 'This answer is required.']);
    for (const [, message] of shown('ar')) expect(message).not.toMatch(/ajv/);
  });

  it('a conditional requirement shows only what is missing, not that "then" failed', () => {
    const shownErrors = localizeFormErrors([error('required', '.reason'), error('if', '')], 'en');
    expect(shownErrors.map((e) => [e.property, e.message])).toEqual([['.reason', 'This answer is required.']]);
  });

  it("keeps ajv's message for a check it has no text for", () => {
    const [kept] = localizeFormErrors([error('dependentRequired', '.x')], 'fr');
    expect(kept.message).toBe('ajv says dependentRequired');
  });
});
