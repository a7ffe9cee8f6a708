import { DomainError, errorCodeInfo, registerErrorCodes } from '@app/core';
import { PluginError } from '@app/plugin-sdk';

/** The plugin's problem as the platform's: a code the core knows keeps its meaning; a new one is registered with its status. */
export function toDomainError(e: PluginError): DomainError {
  // A plugin's code is answered with its own status only if it is an error status (and new).
  if (!Number.isInteger(e.status) || e.status < 400 || e.status > 599) return new DomainError('internal_error', e.message);
  const known = errorCodeInfo(e.code);
  if (known.status === 500 && known.title === 'Internal error' && e.status !== 500) {
    registerErrorCodes({ [e.code]: { status: e.status, title: e.code.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase()) } });
  }
  const { status: _s, code: _c, type: _t, title: _ti, detail: _d, ...extras } = e.extras as Record<string, unknown>;
  return new DomainError(e.code, e.message, extras);
}

/** Runs plugin code; a PluginError it throws becomes the platform's problem (a route's, a hook's). */
export async function asPlatformErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof PluginError) throw toDomainError(e);
    throw e;
  }
}
