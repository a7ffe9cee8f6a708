import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('locations')
export class LocationEntity {
  @PrimaryColumn() code: string;
  @Column({ name: 'parent_code', type: 'text', nullable: true }) parentCode: string | null;
  @Column() level: string;
  /** Materialised path of codes from the root, `MD/MD-CU/MD-CU-BOT`: subtree = prefix match. */
  @Column() path: string;
  @Column({ type: 'jsonb' }) name: Record<string, string>;
}

@Entity('agencies')
export class AgencyEntity {
  @PrimaryColumn() id: string;
  @Column({ type: 'jsonb' }) name: Record<string, string>;
  @Column({ name: 'location_code', type: 'text', nullable: true }) locationCode: string | null;
}

@Entity('teams')
export class TeamEntity {
  @PrimaryColumn() id: string;
  @Column({ name: 'agency_id' }) agencyId: string;
  @Column({ type: 'jsonb' }) name: Record<string, string>;
}
