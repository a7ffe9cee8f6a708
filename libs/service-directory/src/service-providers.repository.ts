import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { ServiceProviderDef } from '@app/pack-types';

/** Administrators' versions of service providers, per pack (they override the pack's by id). */
@Injectable()
export class ServiceProvidersRepository {
  constructor(private readonly ds: DataSource) {}

  async edited(packId: string): Promise<ServiceProviderDef[]> {
    const rows: Array<{ definition: ServiceProviderDef }> = await this.ds.query(`SELECT definition FROM service_providers WHERE pack_id = $1 ORDER BY id`, [
      packId,
    ]);
    return rows.map((r) => r.definition);
  }

  async save(em: EntityManager, packId: string, p: ServiceProviderDef, by: string, at: Date): Promise<void> {
    await em.query(
      `INSERT INTO service_providers (pack_id, id, definition, updated_by, updated_at) VALUES ($1,$2,$3,$4,$5)
       ON CONFLICT (pack_id, id) DO UPDATE SET definition = EXCLUDED.definition, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at`,
      [packId, p.id, JSON.stringify(p), by, at],
    );
  }
}
