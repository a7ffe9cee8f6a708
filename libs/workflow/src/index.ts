export * from './engine.types';
