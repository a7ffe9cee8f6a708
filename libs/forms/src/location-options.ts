import type { LocationNode, LocationsDef, OptionDef, Translated } from '@app/pack-types';

/**
 * The built-in option list of the pack's places (`"x-optionList": "locations"`): values are the
 * location codes of locations.json, labels the place's name with its parent's ("Bubuieci (Chișinău)"),
 * so two villages of the same name in different districts can be told apart. A pack's own list
 * with this id wins (packs written before the list existed keep their meaning; the validator warns).
 */
export const LOCATIONS_OPTION_LIST = 'locations';

/** Restricts the built-in list to some levels of locations.json: `"x-locationLevels": ["district", "community"]`. */
export const LOCATION_LEVELS_KEYWORD = 'x-locationLevels';

/** What option lists a form can name: the pack's own, and the built-in list of its places. */
export interface OptionSources {
  optionLists: Record<string, OptionDef[]>;
  locations?: LocationsDef;
}

/** A form node's options, or the problem that stops them (unknown list, bad levels). */
export type ResolvedOptions = { options: OptionDef[]; problem?: undefined } | { options?: undefined; problem: string };

/** The place's name in every locale that its name or its parent's has (a missing translation falls back to English, then any). */
function withParent(name: Translated, parent: Translated | undefined): Translated {
  if (!parent) return { ...name };
  const pick = (t: Translated, locale: string) => t[locale] ?? t.en ?? Object.values(t)[0] ?? '';
  const out: Translated = {};
  for (const locale of new Set([...Object.keys(name), ...Object.keys(parent)])) out[locale] = `${pick(name, locale)} (${pick(parent, locale)})`;
  return out;
}

/**
 * The pack's places as options, in the tree's order (a district, then its communities). The parent
 * is named for every place but the top one's children: "Moldova" after each district says nothing.
 */
export function locationOptions(locations: LocationsDef, levels?: readonly string[]): OptionDef[] {
  const wanted = levels ? new Set(levels) : undefined;
  const out: OptionDef[] = [];
  const walk = (node: LocationNode, parent: LocationNode | undefined) => {
    if (!wanted || wanted.has(node.level)) {
      const named = parent && parent !== locations.root ? parent.name : undefined;
      out.push({ value: node.code, label: withParent(node.name, named) });
    }
    for (const child of node.children ?? []) walk(child, node);
  };
  walk(locations.root, undefined);
  return out;
}

/** True when a form may name this list: the pack has it, or it is the built-in list of places. */
export function isKnownOptionList(listId: unknown, sources: OptionSources): boolean {
  if (typeof listId !== 'string') return false;
  return Object.prototype.hasOwnProperty.call(sources.optionLists, listId) || (listId === LOCATIONS_OPTION_LIST && !!sources.locations);
}

/** The options of a field with `x-optionList` (labels in every locale), or undefined when the list is unknown or malformed. */
export function fieldOptions(node: Record<string, any>, sources: OptionSources): OptionDef[] | undefined {
  return resolveOptionList(node, sources).options;
}

/** True when the field's options are the built-in list of places (not a pack list of that id). */
export function offersPlaces(node: Record<string, any>, sources: OptionSources): boolean {
  return node['x-optionList'] === LOCATIONS_OPTION_LIST && !Object.prototype.hasOwnProperty.call(sources.optionLists, LOCATIONS_OPTION_LIST) && !!sources.locations;
}

/** The values a field with `x-optionList` may hold (its levels of places too), or undefined when the list is unknown or malformed. */
export function optionListValues(node: Record<string, any>, sources: OptionSources): string[] | undefined {
  return fieldOptions(node, sources)?.map((o) => o.value);
}

/** The options of one form node's `x-optionList` (and `x-locationLevels` for the built-in list of places). */
export function resolveOptionList(node: Record<string, any>, sources: OptionSources): ResolvedOptions {
  const listId = node['x-optionList'];
  const levels = node[LOCATION_LEVELS_KEYWORD];
  if (typeof listId !== 'string' || !isKnownOptionList(listId, sources)) return { problem: `unknown option list "${String(listId)}"` };
  const own = Object.prototype.hasOwnProperty.call(sources.optionLists, listId) ? sources.optionLists[listId] : undefined;
  if (own) {
    if (levels !== undefined) return { problem: `${LOCATION_LEVELS_KEYWORD} applies to the built-in "${LOCATIONS_OPTION_LIST}" list only, not to the pack's "${listId}"` };
    return { options: own };
  }
  const known = sources.locations!.levels;
  if (levels === undefined) return { options: locationOptions(sources.locations!) };
  if (!Array.isArray(levels) || levels.length === 0 || levels.some((l) => typeof l !== 'string')) {
    return { problem: `${LOCATION_LEVELS_KEYWORD} must be a non-empty list of levels of locations.json (${known.join(', ')})` };
  }
  const unknown = levels.filter((l: string) => !known.includes(l));
  if (unknown.length) return { problem: `${LOCATION_LEVELS_KEYWORD} names ${unknown.map((l: string) => `"${l}"`).join(', ')}, not a level of locations.json (${known.join(', ')})` };
  return { options: locationOptions(sources.locations!, levels) };
}
