/**
 * What the browser takes of @app/core (apps/web aliases `@app/core` here): the pure parts the engine
 * uses, without the request validator (ajv, compiled at load) or the Nest module.
 */
export * from './errors';
export * from './clock';
export * from './translate';
export * from './calendar-dates';
export * from './time-zone';
export * from './message-format';
