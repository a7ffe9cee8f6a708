// browser.ts is what the web app takes of @app/core (its vite alias); the rest is for the server.
export * from './browser';
export * from './clock.module';
export * from './command';
export * from './csv-table';
