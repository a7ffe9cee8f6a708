/** The data of a pack diff (see pack-diff.ts): changes as codes and values the web app words in each language. */
import type { SopPack, Translated } from '@app/pack-types';
import type { RuleExpression } from '@app/rules';

export type PackElementType =
  'pack' | 'case_type' | 'form' | 'field' | 'step' | 'transition' | 'deadline' | 'role' | 'option_list' | 'option' | 'template' | 'indicator';

/** The element a change concerns: its id and label, within its parent (a field's form, an option's list). */
export interface PackElementRef {
  type: PackElementType;
  id: string;
  label?: Translated;
  parent?: PackElementRef;
}

/** Which part of an element a change concerns, when the kind alone does not say. */
export interface PackChangeScope {
  /** A deadline offset: the rule choosing it (null: the fallback), and its value's label when it reads one answer. */
  when?: RuleExpression | null;
  fact?: string;
  value?: unknown;
  valueLabel?: Translated;
  /** A message template's language and part (subject, text, html). */
  locale?: string;
  part?: string;
}

export interface PackChange {
  /** Stable code, e.g. `field_required_changed`, `deadline_offset_changed`, `changed_at_path` (see PACK_CHANGE_KINDS). */
  kind: string;
  element: PackElementRef;
  /** Where in the pack, e.g. `deadlines[initial_response].due` (arrays of elements are keyed by id). */
  path: string;
  scope?: PackChangeScope;
  before?: unknown;
  after?: unknown;
}

export interface PackDiff {
  changes: PackChange[];
  /**
   * Labels of the elements the changes' before and after values name by id, keyed `step:<id>`,
   * `role:<id>`, `form:<id>`, `field:<form>.<field>`, `transition:<id>`, `option:<list>.<value>`:
   * what lets the reader see labels where a value holds ids (the steps a transition leaves...).
   */
  labels: Record<string, Translated>;
}

/** One element of a pack as a section sees it. */
export interface DiffElement {
  ref: PackElementRef;
  value: any;
  path: string;
}

/** One difference a property of an element may hold: a change without its element, path and kind. */
export interface PropertyChange {
  before?: unknown;
  after?: unknown;
  scope?: PackChangeScope;
  kind?: string;
}

/** A property of an element compared between the packs, and the paths its changes cover. */
export interface DiffProperty {
  kind: string;
  read(value: any, element: DiffElement, pack: SopPack): unknown;
  /** Paths (relative to the element's, starting with `.` or `[`) or absolute (from `at`) that this property's change covers. */
  covers(element: DiffElement): string[];
  /** The kinds `expand` gives its changes instead of `kind` (a rule granted or revoked). */
  kinds?: string[];
  /** Splits a difference into several changes (one per deadline offset, per permission rule...). */
  expand?(before: any, after: any, packs: { before: SopPack; after: SopPack }, element: DiffElement): PropertyChange[];
}

/** A kind of element: how to find them in a pack, and what to compare. */
export interface DiffSection {
  type: PackElementType;
  elements(pack: SopPack): DiffElement[];
  added?: string;
  removed?: string;
  /** Paths besides the element's own that adding or removing it also changes (a form's `required` list). */
  alsoCovers?(element: DiffElement): string[];
  properties: DiffProperty[];
}
