import type { Experimental_DefaultFormStateBehavior } from '@rjsf/utils';

/**
 * How every form in the app fills answers the user has not given. RJSF's default picks the first
 * option of a list written as `oneOf` consts (every x-optionList field), so an untouched dropdown
 * was saved as an answer (sex "female", consent "given"). Nothing is chosen for the user: only a
 * `default` the pack declares, or a lone `const`, is filled in.
 */
export const FORM_DEFAULTS: Experimental_DefaultFormStateBehavior = { constAsDefaults: 'skipOneOf' };
