import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** An immutable, numbered publication of a pack (the parsed files as jsonb). */
@Entity('sop_versions')
export class SopVersionEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column({ name: 'pack_id' }) packId: string;
  @Column() version: number;
  @Column({ name: 'content_hash' }) contentHash: string;
  @Column({ type: 'jsonb' }) files: Record<string, unknown>;
  @Column({ name: 'published_at', type: 'timestamptz' }) publishedAt: Date;
  @Column({ name: 'published_by', type: 'text', nullable: true }) publishedBy: string | null;
  @Column({ type: 'text', nullable: true }) note: string | null;
}
