import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { UserSummary } from '../common/dto/user-summary.dto';
import { DuplicateResourceError } from '../common/errors/api-errors';
import { keyCondition } from '../database/key-sql';
import type { ListQuery, RowsAndTotal } from '../common/list-query';
import { listPageOf } from '../database/list-sql';
import { embeddedUserSql } from '../database/record-sql';
import { translatingViolations } from '../database/database-errors';
import { EntityValues, entityValues, selectEntityColumns, insertReturningId } from '../database/entity-select';
import { CollectorEntity, CollectorStatus } from './collector.entity';

/** A collector read back: its columns, its group `{id, name}` and its creator. */
export type CollectorRow = CollectorEntity & {
  collectorGroup: { id: string; name: string } | null;
  user: UserSummary | null;
};

/** What a start or heartbeat records about the process. */
export interface CollectorMetadata {
  version?: string;
  osInfo?: Record<string, unknown>;
  processInfo?: Record<string, unknown>;
}

/** A start's description fields (absent ones stay null). */
export type CollectorDescription = Partial<Pick<CollectorEntity, 'description' | 'helpEmail' | 'helpUrl'>>;

/** The statuses a registered collector may be started from. */
const STARTABLE: CollectorStatus[] = ['Stopped', 'MissedHeartbeat'];

/** Collectors in PostgreSQL. */
@Injectable()
export class CollectorsRepository {
  constructor(private readonly db: DataSource) {}

  /** Every column, the group `{id, name}` and the creator embedded. */
  private select() {
    return selectEntityColumns(this.db, CollectorEntity, 'c')
      .addSelect("CASE WHEN g.id IS NULL THEN NULL ELSE json_build_object('id', g.id, 'name', g.name) END", 'collectorGroup')
      .addSelect(embeddedUserSql('u'), 'user')
      .leftJoin('collector_groups', 'g', 'g.id = c.collector_group_id')
      .leftJoin('users', 'u', 'u.id = c.created_by');
  }

  list(q: ListQuery): Promise<RowsAndTotal<CollectorRow>> {
    return listPageOf(this.select(), q);
  }

  async findByKey(key: string): Promise<CollectorRow | null> {
    const cond = keyCondition(key, 'c.id', 'c.name', 'key');
    return (await this.select().where(cond.sql, { key: cond.param }).getRawOne<CollectorRow>()) ?? null;
  }

  /** A new, Running collector; its starter becomes its writer. */
  async insertStarted(name: string, meta: CollectorMetadata, description: CollectorDescription, userId: string): Promise<string> {
    const duplicate = () => new DuplicateResourceError({ source: 'Collector', value: name, message: `A collector named "${name}" already exists.` });
    return translatingViolations({ unique: duplicate }, () =>
      this.db.transaction(async (m) => {
        const values: EntityValues<CollectorEntity> = {
          name,
          description: description.description ?? null,
          helpEmail: description.helpEmail ?? null,
          helpUrl: description.helpUrl ?? null,
          status: 'Running',
          registered: true,
          lastHeartbeat: () => 'now()',
          osInfo: meta.osInfo ?? null,
          processInfo: meta.processInfo ?? null,
          version: meta.version ?? null,
          startedBy: userId,
          createdBy: userId,
        };
        const id = await insertReturningId(m, CollectorEntity, entityValues(values));
        // The writer tables have no entity of their own (src/writers reads them by kind).
        await m.createQueryBuilder().insert().into('collector_writers', ['collector_id', 'user_id']).values({ collector_id: id, user_id: userId }).execute();
        return id;
      }),
    );
  }

  /** Restart of a stopped collector: Running again, started by `userId`. False when it was not startable any more. */
  async markStarted(id: string, meta: CollectorMetadata, userId: string): Promise<boolean> {
    const result = await this.db
      .createQueryBuilder()
      .update(CollectorEntity)
      .set(entityValues<CollectorEntity>({ status: 'Running', lastHeartbeat: () => 'now()', startedBy: userId, ...given(meta), updatedAt: () => 'now()' }))
      .where('id = :id AND registered AND status IN (:...startable)', { id, startable: STARTABLE })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /**
   * Records a heartbeat (MissedHeartbeat → Running, in the statement: a read then a write could
   * undo a concurrent stop); the status after it.
   */
  async recordHeartbeat(id: string, meta: CollectorMetadata): Promise<CollectorStatus> {
    const result = await this.db
      .createQueryBuilder()
      .update(CollectorEntity)
      .set(
        entityValues<CollectorEntity>({
          lastHeartbeat: () => 'now()',
          status: () => "CASE WHEN status = 'MissedHeartbeat' THEN 'Running' ELSE status END",
          ...given(meta),
        }),
      )
      .where('id = :id', { id })
      .returning('status')
      .updateEntity(false)
      .execute();
    return (result.raw as { status: CollectorStatus }[])[0]?.status ?? 'Stopped';
  }

  async setStatus(id: string, status: CollectorStatus, registered?: boolean): Promise<void> {
    await this.db
      .createQueryBuilder()
      .update(CollectorEntity)
      .set({ status, ...(registered === undefined ? {} : { registered }), updatedAt: () => 'now()' })
      .where('id = :id', { id })
      .execute();
  }

  async describe(id: string, d: CollectorDescription, current: CollectorRow): Promise<void> {
    const description = {
      description: d.description !== undefined ? d.description : current.description,
      helpEmail: d.helpEmail !== undefined ? d.helpEmail : current.helpEmail,
      helpUrl: d.helpUrl !== undefined ? d.helpUrl : current.helpUrl,
    };
    await this.db
      .createQueryBuilder()
      .update(CollectorEntity)
      .set({ ...description, updatedAt: () => 'now()' })
      .where('id = :id', { id })
      .execute();
  }
}

/** The process metadata a start or heartbeat carries; what it leaves out (or sends as null) stays as stored. */
function given(meta: CollectorMetadata): EntityValues<CollectorEntity> {
  const out: EntityValues<CollectorEntity> = {};
  if (meta.osInfo != null) out.osInfo = meta.osInfo;
  if (meta.processInfo != null) out.processInfo = meta.processInfo;
  if (meta.version != null) out.version = meta.version;
  return out;
}
