export * from './errors';
export * from './clock';
export * from './translate';
export * from './clock.module';
export * from './calendar-dates';
export * from './command';
export * from './time-zone';
export * from './message-format';
