import type { Clause } from './screen-values';

/** A plugin screen as GET /api/plugin-screens answers it (libs/plugin-host screen-views.ts). */
export interface ShownField {
  value: string;
  label: string;
  format?: string;
  labels?: Record<string, string>;
  item?: string;
  caseLink?: string;
}

export type Condition = Clause | Clause[];

export interface ScreenActionView {
  id: string;
  label: string;
  method: string;
  path: string;
  params: Record<string, string>;
  form?: { schema: Record<string, unknown>; answers: boolean };
  body?: Record<string, unknown>;
  bodyFrom?: Record<string, string>;
  confirm?: string;
  when?: Condition;
  done: string;
  then?: { screen: string; params: Record<string, string> };
}

export type SectionView =
  | { kind: 'fields'; title?: string; fields: ShownField[]; when?: Condition }
  | { kind: 'answers'; title?: string; value: string; schema: Record<string, unknown>; when?: Condition }
  | { kind: 'table'; title?: string; value: string; columns: ShownField[]; empty: string; rowActions: ScreenActionView[]; when?: Condition }
  | { kind: 'notice'; text: string; when: Condition }
  | { kind: 'link'; text: string; screen: string; params: Record<string, string>; when?: Condition };

export interface ListScreenView {
  kind: 'list';
  source: string;
  items: string;
  columns: ShownField[];
  empty: string;
  open?: { screen: string; params: Record<string, string> };
  filters: Array<{ query: string; label: string; options: Array<{ value: string; label: string }> }>;
  paging?: { next: string; query: string };
  actions: ScreenActionView[];
  rowActions: ScreenActionView[];
}

export interface DetailScreenView {
  kind: 'detail';
  source: string;
  heading?: string;
  sections: SectionView[];
  actions: ScreenActionView[];
}

export interface PluginScreenView {
  pluginId: string;
  pluginName: string;
  id: string;
  title: string;
  placement: string[];
  params: string[];
  view: ListScreenView | DetailScreenView;
}
