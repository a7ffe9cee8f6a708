import { Clock, SystemClock } from './clock';

/** The Nest module class behind {@link ClockModule}: a name for Nest's module graph, nothing else. */
class ClockModuleClass {}

/**
 * Provides the Clock (global); tests replace it with a ControllableClock via `overrideProvider(Clock)`.
 * Written as a Nest dynamic module (a plain object) rather than a `@Module()` class so that
 * `@app/core` imports nothing from NestJS: the pure libraries and the browser use this barrel too.
 */
export const ClockModule = {
  module: ClockModuleClass,
  global: true,
  providers: [{ provide: Clock, useClass: SystemClock }],
  exports: [Clock],
};
