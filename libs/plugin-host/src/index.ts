export { PluginHostModule } from './plugin-host.module';
export { PluginCatalogue, PluginContractError, validateWithPlugins } from './plugin-catalogue';
export { checkPluginDefinition, namePrefix, pluginSchema } from './plugin-contract';
export { pluginRole } from './plugin-db';
export { PluginRoutesService, type PluginCall } from './plugin-routes.service';
export { PluginJobs } from './plugin-jobs';
export { PluginScreensService, type ScreenQuery } from './plugin-screens.service';
export type { PluginScreenView, ListScreenView, DetailScreenView, SectionView, ScreenActionView, ShownField } from './screen-views';
export { checkScreens, screensOf } from './screen-contract';
