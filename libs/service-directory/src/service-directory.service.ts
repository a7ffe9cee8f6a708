import { Injectable } from '@nestjs/common';
import type { ErrorObject } from 'ajv';
import { DataSource } from 'typeorm';
import { AuditService, entryBy } from '@app/audit';
import { Clock, DomainError, type FieldError, pickLabel } from '@app/core';
import { inTransaction } from '@app/database';
import type { CurrentUser } from '@app/identity';
import { checkProvider, locationPaths, packValidators, schemaIssues } from '@app/sop';
import type { ServiceProviderDef, SopPack } from '@app/pack-types';
import { SopRegistry } from '@app/sop-registry';
import { invalidField } from '@app/cases';
import { ServiceDirectoryErrorCode } from './service-directory.errors';
import { ServiceProvidersRepository } from './service-providers.repository';

/** `$.locations[0]` of a provider for ajv's `/providers/0/locations/0`. */
function dotted(instancePath: string): string {
  return (
    '$' +
    instancePath
      .replace(/^\/providers\/0/, '')
      .replace(/\/(\d+)/g, '[$1]')
      .replace(/\//g, '.')
  );
}

/** A schema problem with ajv's keyword and limit, so the API words it in the reader's language. */
function schemaFieldError(path: string, message: string, errors: ErrorObject[]): FieldError {
  const e = errors.find(
    (x) => dotted(x.keyword === 'required' ? `${x.instancePath}/${(x.params as { missingProperty: string }).missingProperty}` : x.instancePath) === path,
  );
  const limit = (e?.params as { limit?: unknown } | undefined)?.limit;
  return { path, message, ...(e ? { keyword: e.keyword } : {}), ...(typeof limit === 'number' ? { params: { limit } } : {}) };
}

/** A provider as its administrators see it: whole (every language), withdrawn or not, and where its current version comes from. */
export type AdminProviderView = ServiceProviderDef & { withdrawn: boolean; origin: 'pack' | 'corrected' | 'added' };

export interface DirectoryQuery {
  location?: string;
  caseType?: string;
  serviceType?: string;
}

/**
 * The service directory: the current pack's services.json, with administrators' edits of providers
 * on top (by id). Anyone signed in may consult it, filtered by where the child lives, the case type
 * and the service type; administrators add or correct providers, checked like the pack and audited.
 */
@Injectable()
export class ServiceDirectoryService {
  constructor(
    private readonly ds: DataSource,
    private readonly registry: SopRegistry,
    private readonly providers: ServiceProvidersRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** All providers of the current pack, edited ones replacing the pack's. */
  async providersOf(pack: SopPack): Promise<ServiceProviderDef[]> {
    const edited = new Map((await this.providers.edited(pack.manifest.id)).map((p) => [p.id, p]));
    const merged = pack.services.providers.map((p) => edited.get(p.id) ?? p);
    for (const p of edited.values()) if (!pack.services.providers.some((x) => x.id === p.id)) merged.push(p);
    return merged;
  }

  async list(q: DirectoryQuery, locale: string) {
    const { pack } = await this.registry.current();
    const paths = locationPaths(pack.locations.root);
    const where = q.location ? paths.get(q.location) : undefined;
    if (q.location && !where) throw invalidField('/location', `unknown location "${q.location}"`);
    const types = pack.services.serviceTypes;
    if (q.serviceType && !types.some((t) => t.id === q.serviceType)) throw invalidField('/serviceType', `unknown service type "${q.serviceType}"`);
    if (q.caseType && !pack.manifest.caseTypes.some((t) => t.id === q.caseType)) throw invalidField('/caseType', `unknown case type "${q.caseType}"`);
    const providers = (await this.providersOf(pack)).filter(
      (p) =>
        p.active !== false &&
        (!q.serviceType || p.serviceTypes.includes(q.serviceType)) &&
        (!q.caseType || !p.caseTypes || p.caseTypes.includes(q.caseType)) &&
        // A provider covers a place when one of its locations is that place or above it.
        (!where || p.locations.some((l) => where.startsWith(paths.get(l) ?? '\u0000'))),
    );
    return {
      serviceTypes: types.map((t) => ({
        id: t.id,
        label: pickLabel(t.label, locale),
        description: t.description ? pickLabel(t.description, locale) : null,
        referral: t.referral ?? null,
      })),
      providers: providers.map((p) => ({
        id: p.id,
        name: pickLabel(p.name, locale),
        serviceTypes: p.serviceTypes,
        locations: p.locations,
        caseTypes: p.caseTypes ?? null,
        agency: p.agency ?? null,
        usesPlatform: p.usesPlatform ?? false,
        contact: p.contact ?? null,
      })),
    };
  }

  /** Every provider for the directory's administrators, withdrawn ones included (kept for history), in the pack's words. */
  async adminList(): Promise<{ providers: AdminProviderView[] }> {
    const { pack } = await this.registry.current();
    const edited = new Set((await this.providers.edited(pack.manifest.id)).map((p) => p.id));
    const inPack = new Set(pack.services.providers.map((p) => p.id));
    const providers = (await this.providersOf(pack)).map((p) => ({
      ...p,
      withdrawn: p.active === false,
      origin: (inPack.has(p.id) ? (edited.has(p.id) ? 'corrected' : 'pack') : 'added') as AdminProviderView['origin'],
    }));
    return { providers };
  }

  /** An administrator adds a provider: a new id only (409 `provider_exists` otherwise, even a withdrawn one's: history keeps it). */
  async addProvider(admin: CurrentUser, body: unknown): Promise<ServiceProviderDef> {
    const id = typeof body === 'object' && body !== null && typeof (body as { id?: unknown }).id === 'string' ? (body as { id: string }).id : '';
    const { pack } = await this.registry.current();
    if (id && (await this.providersOf(pack)).some((p) => p.id === id)) {
      throw new DomainError(ServiceDirectoryErrorCode.ProviderExists, `A provider with the id "${id}" exists already; correct it instead.`, {
        errors: [{ path: '/id', message: 'is taken by another provider', keyword: 'taken' }],
      });
    }
    return this.saveProvider(admin, id, body, 'service_directory.provider_added');
  }

  /** Withdrawn: kept for history and for the referrals already made, never offered for new ones. */
  async withdrawProvider(admin: CurrentUser, id: string): Promise<ServiceProviderDef> {
    const { pack } = await this.registry.current();
    const current = (await this.providersOf(pack)).find((p) => p.id === id);
    if (!current) throw new DomainError('not_found', `No provider "${id}" in the service directory.`);
    return this.saveProvider(admin, id, { ...current, active: false }, 'service_directory.provider_withdrawn');
  }

  /** An administrator adds or corrects a provider (deactivate with `active: false`). */
  async saveProvider(admin: CurrentUser, id: string, body: unknown, action = 'service_directory.provider_saved'): Promise<ServiceProviderDef> {
    const { pack } = await this.registry.current();
    const validate = packValidators().get('services')!;
    if (!validate({ providers: [body] })) {
      throw new DomainError('validation_failed', 'The provider is not valid; nothing was saved.', {
        errors: schemaIssues('request', validate.errors).map((i) => schemaFieldError(i.path.replace('$.providers[0]', '$'), i.message, validate.errors ?? [])),
      });
    }
    const provider = body as ServiceProviderDef;
    const problems: FieldError[] = provider.id !== id ? [{ path: '$.id', message: `must be "${id}", the id in the address` }] : [];
    problems.push(...checkProvider(pack, provider, 'request', '$').map((i) => ({ path: i.path, message: i.message, keyword: i.code })));
    if (problems.length) throw new DomainError('validation_failed', 'The provider is not valid; nothing was saved.', { errors: problems });
    const before = (await this.providersOf(pack)).find((p) => p.id === id) ?? null;
    await inTransaction(this.ds, async (em) => {
      await this.providers.save(em, pack.manifest.id, provider, admin.id, this.clock.now());
      // The directory is not personal data: the audit entry keeps the whole change, before and after.
      await this.audit.record(
        entryBy(admin, {
          action,
          caseId: null,
          details: { providerId: id, active: provider.active !== false, before, after: provider },
        }),
        em,
      );
    });
    return provider;
  }
}
