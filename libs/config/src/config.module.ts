import { Global, Logger, Module } from '@nestjs/common';
import { AppConfig, loadConfig, unknownVariables } from './load-config';

/**
 * Provides AppConfig, parsed once when the application's modules are created (not at import: the
 * e2e suites set variables per suite before they start the app). Global, and also imported by the
 * lib modules that need it, so a test module of one lib works without the whole app.
 */
@Global()
@Module({
  providers: [
    {
      provide: AppConfig,
      useFactory: () => {
        const config = loadConfig();
        const unknown = unknownVariables();
        if (unknown.length) new Logger('Config').warn(`unknown variables ignored (a typo?): ${unknown.join(', ')}`);
        return config;
      },
    },
  ],
  exports: [AppConfig],
})
export class ConfigModule {}
