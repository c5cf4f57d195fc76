import { Column, DataSource, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { entityValues, selectEntityColumns } from './entity-select';

@Entity({ name: 'widgets' })
class WidgetEntity {
  @PrimaryGeneratedColumn('uuid', { name: 'id' })
  id!: string;

  @Column({ name: 'display_name', type: 'varchar' })
  displayName!: string;

  @Column({ name: 'settings', type: 'jsonb' })
  settings!: Record<string, unknown>;

  @Column({ name: 'internal_note', type: 'varchar', nullable: true })
  internalNote!: string | null;
}

describe('selectEntityColumns', () => {
  const ds = new DataSource({ type: 'postgres', entities: [WidgetEntity] });
  beforeAll(() => (ds as unknown as { buildMetadatas(): Promise<void> }).buildMetadatas());

  it('selects every column of the entity under its property name, from its metadata', () => {
    expect(selectEntityColumns(ds, WidgetEntity, 'w').getQuery()).toBe(
      'SELECT "w"."id" AS "id", "w"."display_name" AS "displayName", "w"."settings" AS "settings", "w"."internal_note" AS "internalNote" FROM "widgets" "w"',
    );
  });

  it('leaves out the omitted properties and takes added selections and conditions', () => {
    const qb = selectEntityColumns(ds, WidgetEntity, 'w', ['internalNote', 'settings'])
      .addSelect('upper(w.display_name)', 'shout')
      .where('w.id = :id', { id: 'x' });
    expect(qb.getQuery()).toBe('SELECT "w"."id" AS "id", "w"."display_name" AS "displayName", upper("w"."display_name") AS "shout" FROM "widgets" "w" WHERE "w"."id" = :id');
  });
});

describe('entityValues', () => {
  it('passes the values through unchanged, expressions included', () => {
    const now = () => 'now()';
    expect(entityValues<WidgetEntity>({ settings: { a: [1] }, internalNote: null, displayName: now })).toEqual({
      settings: { a: [1] },
      internalNote: null,
      displayName: now,
    });
  });
});
