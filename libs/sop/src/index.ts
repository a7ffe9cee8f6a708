export * from './pack.types';
