export { AppConfig, ConfigError, loadConfig, loadConfigOrExit, unknownVariables, type ConfigValues } from './load-config';
export { ConfigModule } from './config.module';
export { VARIABLES, LOG_LEVELS, type LogLevel, type VariableName } from './variables';
export type { VariableSpec, VariableType } from './variable-types';
export { configurationTable } from './config-table';
