/** The texts of the studio's roles and option lists (studio-roles-*.json), falling back to the studio's, then the app's. */
import { Messages, translate } from '../../i18n';
import rolesAr from '../../locales/studio-roles-ar.json';
import rolesEn from '../../locales/studio-roles-en.json';
import rolesFr from '../../locales/studio-roles-fr.json';
import rolesRo from '../../locales/studio-roles-ro.json';
import ar from '../../locales/studio-ar.json';
import en from '../../locales/studio-en.json';
import fr from '../../locales/studio-fr.json';
import ro from '../../locales/studio-ro.json';
import { useApp } from '../../session';
import type { RolesWords } from './roles-model';
import type { StudioT } from './studio-texts';

const MESSAGES: Record<string, Messages> = {
  en: { ...en, ...rolesEn },
  fr: { ...fr, ...rolesFr },
  ro: { ...ro, ...rolesRo },
  ar: { ...ar, ...rolesAr },
};

export function useRolesT(): StudioT {
  const { locale } = useApp();
  return (key, vars) => translate(locale, key, vars, MESSAGES);
}

export function rolesWords(t: StudioT): RolesWords {
  return {
    roles: () => t('roles.element.roles'),
    role: (role) => t('roles.element.role', { role }),
    rule: (n, role) => t('roles.element.rule', { n, role }),
    optionLists: () => t('roles.element.optionLists'),
    optionList: (list) => t('roles.element.optionList', { list }),
    option: (option, list) => t('roles.element.option', { option, list }),
    user: (user) => t('roles.element.user', { user }),
  };
}
