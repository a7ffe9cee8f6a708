import type { ApiSchemas } from '../api-types';

/** A plugin screen as GET /api/plugin-screens answers it: the server's own types (libs/plugin-host screen-views.ts), generated. */
export type PluginScreenView = ApiSchemas['PluginScreenView'];
export type ListScreenView = ApiSchemas['ListScreenView'];
export type DetailScreenView = ApiSchemas['DetailScreenView'];
export type SectionView = ApiSchemas['SectionView'];
export type ScreenActionView = ApiSchemas['ScreenActionView'];
export type ShownField = ApiSchemas['ShownField'];
export type Condition = ApiSchemas['ScreenCondition'];
