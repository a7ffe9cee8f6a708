import { englishStringTranslator, TranslatableString } from '@rjsf/utils';
import ar from './locales/form-errors-ar.json';
import en from './locales/form-errors-en.json';
import fr from './locales/form-errors-fr.json';
import ro from './locales/form-errors-ro.json';
import { translate } from './translate';

const TEXTS = { en, fr, ar, ro };

/** The form renderer's own texts our forms can show (a list's buttons, yes and no, an entry's title), by our key. */
const KEYS: Partial<Record<TranslatableString, string>> = {
  [TranslatableString.AddButton]: 'formText.add',
  [TranslatableString.AddItemButton]: 'formText.add',
  [TranslatableString.RemoveButton]: 'formText.remove',
  [TranslatableString.MoveUpButton]: 'formText.moveUp',
  [TranslatableString.MoveDownButton]: 'formText.moveDown',
  [TranslatableString.CopyButton]: 'formText.copy',
  [TranslatableString.YesLabel]: 'formText.yes',
  [TranslatableString.NoLabel]: 'formText.no',
  [TranslatableString.ArrayItemTitle]: 'formText.item',
  [TranslatableString.EmptyArray]: 'formText.emptyArray',
  [TranslatableString.ClearButton]: 'formText.clear',
  [TranslatableString.ErrorsLabel]: 'formText.errors',
};

/**
 * RJSF's `translateString` in the user's language: the buttons that add, remove or move a list's
 * entries were named in English ("Add Item", "Remove") in every language. Texts our forms never
 * show keep RJSF's English.
 */
export function formStrings(locale: string): (s: TranslatableString, params?: string[]) => string {
  return (s, params) => {
    const key = KEYS[s];
    return key ? translate(locale, key, {}, TEXTS) : englishStringTranslator(s, params);
  };
}
