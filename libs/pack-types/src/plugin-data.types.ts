/**
 * What an installed plugin contributes to the packs that enable it, as data. The platform writes it
 * into a pack's files as `plugins/<id>.json` when the pack is read or published, so a published
 * version keeps the plugin contributions it was validated with (and its hash changes with them).
 */
import type { CaseTypeDef, DeadlineDef, FormDef, MessageTemplateSources, RoleDef, StepDef, TransitionDef } from './pack.types';
import type { Translated } from './translated';
import type { IndicatorDef } from './reporting.types';

/**
 * A named piece of SOP a pack may include. Any string value `"$settings.<key>"` is replaced by that
 * setting of the including pack (e.g. the roles allowed to perform a transition).
 */
export interface PackFragment {
  id: string;
  label?: Translated;
  caseTypes?: CaseTypeDef[];
  steps?: StepDef[];
  transitions?: TransitionDef[];
  roles?: RoleDef[];
  deadlines?: DeadlineDef[];
}

export interface PluginTemplateDef {
  answers?: string[];
  locales: Record<string, MessageTemplateSources>;
}

/** plugins/<id>.json */
export interface PluginPackData {
  id: string;
  version: string;
  name: Translated;
  /** JSON Schema (draft 2020-12) of the settings a pack gives the plugin. */
  settingsSchema?: Record<string, unknown>;
  /** Forms always available to an enabling pack (ids prefixed with the plugin's). */
  forms?: FormDef[];
  fragments?: PackFragment[];
  /** Message templates; a pack's own template of the same id wins. */
  templates?: Record<string, PluginTemplateDef>;
  /** Indicators added to reporting.json's. */
  indicators?: IndicatorDef[];
  /** Permission subjects the plugin declares, with their actions; roles grant them like core subjects. */
  subjects?: Record<string, string[]>;
  /** Names of the code contributions (effects, rule operators, field formats, channels), for the record. */
  effects?: string[];
  operators?: string[];
  fieldFormats?: string[];
  channels?: string[];
  /**
   * Names of the facts the plugin states about a case (rules read them as
   * `{"plugin_fact": "<plugin id>.<name>"}`); the validator refuses a rule naming any other.
   */
  facts?: string[];
  /** Labels of the events the plugin records on case timelines, by name without the prefix. */
  events?: Record<string, Translated>;
}
