import 'reflect-metadata';
import { METHOD_METADATA, MODULE_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { PERMISSION_KEY } from '@app/identity';
import { AppModule } from './app.module';

/**
 * Deny by default, checked at build time as well as at run time: every route handler of every
 * controller the API mounts declares @Permission(...). A new endpoint without one fails here.
 */
function routes(): Array<{ controller: string; handler: string; permission: unknown }> {
  const controllers: Array<new (...args: any[]) => unknown> = Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, AppModule) ?? [];
  const out = [];
  for (const c of controllers) {
    for (const name of Object.getOwnPropertyNames(c.prototype)) {
      const handler = c.prototype[name];
      if (name === 'constructor' || typeof handler !== 'function' || Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue;
      if (Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
      out.push({ controller: c.name, handler: name, permission: Reflect.getMetadata(PERMISSION_KEY, handler) ?? Reflect.getMetadata(PERMISSION_KEY, c) });
    }
  }
  return out;
}

describe('API routes', () => {
  it('are found (the check below is not vacuous)', () => {
    expect(routes().length).toBeGreaterThan(25);
  });

  it('each declare a permission', () => {
    const undeclared = routes().filter((r) => !['public', 'authenticated', 'administer', 'administer_people'].includes(r.permission as string));
    expect(undeclared.map((r) => `${r.controller}.${r.handler}`)).toEqual([]);
  });

  it('are public only where signing in is impossible or pointless', () => {
    const open = routes()
      .filter((r) => r.permission === 'public')
      .map((r) => `${r.controller}.${r.handler}`)
      .sort();
    expect(open).toEqual([
      'AuthController.login',
      // Authenticated by the device secret instead (Authorization: Device ...): it may only hand over changes, held, never applied.
      'OfflineSyncController.handover',
      'PeopleController.setPassword',
      'SetupController.create',
      'SetupController.status',
      'SystemController.health',
    ]);
  });
});
