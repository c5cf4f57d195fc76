import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DuplicateResourceError } from '../common/errors/api-errors';
import { keyCondition } from '../common/key';
import type { ListQuery, RowsAndTotal } from '../common/list-query';
import { listPage } from '../database/list-sql';
import { embeddedUserSql } from '../database/record-sql';
import { translatingViolations } from '../database/database-errors';
import type { CollectorStatus } from './collector.entity';

/** A collector read back with its group and creator. */
export interface CollectorRow {
  id: string;
  name: string;
  description: string | null;
  helpEmail: string | null;
  helpUrl: string | null;
  status: CollectorStatus;
  registered: boolean;
  lastHeartbeat: Date | null;
  osInfo: Record<string, unknown> | null;
  processInfo: Record<string, unknown> | null;
  version: string | null;
  collectorGroupId: string | null;
  collectorGroup: { id: string; name: string } | null;
  startedBy: string | null;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
  user: Record<string, unknown> | null;
}

/** What a start or heartbeat records about the process. */
export interface CollectorMetadata {
  version?: string;
  osInfo?: Record<string, unknown>;
  processInfo?: Record<string, unknown>;
}

const SELECT = `
  SELECT c.id, c.name, c.description, c.help_email AS "helpEmail", c.help_url AS "helpUrl", c.status, c.registered,
    c.last_heartbeat AS "lastHeartbeat", c.os_info AS "osInfo", c.process_info AS "processInfo", c.version,
    c.collector_group_id AS "collectorGroupId",
    CASE WHEN g.id IS NULL THEN NULL ELSE json_build_object('id', g.id, 'name', g.name) END AS "collectorGroup",
    c.started_by AS "startedBy", c.created_by AS "createdBy", c.created_at AS "createdAt", c.updated_at AS "updatedAt",
    ${embeddedUserSql('u')} AS "user"
  FROM collectors c
  LEFT JOIN collector_groups g ON g.id = c.collector_group_id
  LEFT JOIN users u ON u.id = c.created_by`;

/** Collectors in PostgreSQL. */
@Injectable()
export class CollectorsRepository {
  constructor(private readonly db: DataSource) {}

  list(q: ListQuery): Promise<RowsAndTotal<CollectorRow>> {
    return listPage(this.db, SELECT, 'collectors c', q);
  }

  async findByKey(key: string): Promise<CollectorRow | null> {
    const cond = keyCondition(key, 'c.id', 'c.name', 1);
    const rows = (await this.db.query(`${SELECT} WHERE ${cond.sql}`, [cond.param])) as CollectorRow[];
    return rows[0] ?? null;
  }

  /** A new, Running collector; its starter becomes its writer. */
  async insertStarted(name: string, meta: CollectorMetadata, description: Record<string, string | undefined>, userId: string): Promise<string> {
    const duplicate = () => new DuplicateResourceError({ source: 'Collector', value: name, message: `A collector named "${name}" already exists.` });
    return translatingViolations({ unique: duplicate }, () =>
      this.db.transaction(async (m) => {
        const rows = (await m.query(
          `INSERT INTO collectors (name, description, help_email, help_url, status, registered, last_heartbeat, os_info,
             process_info, version, started_by, created_by)
           VALUES ($1, $2, $3, $4, 'Running', true, now(), $5, $6, $7, $8, $8) RETURNING id`,
          [name, description.description ?? null, description.helpEmail ?? null, description.helpUrl ?? null, meta.osInfo ?? null, meta.processInfo ?? null, meta.version ?? null, userId],
        )) as { id: string }[];
        await m.query('INSERT INTO collector_writers (collector_id, user_id) VALUES ($1, $2)', [rows[0].id, userId]);
        return rows[0].id;
      }),
    );
  }

  /** Restart of a stopped collector: Running again, started by `userId`. False when it was not startable any more. */
  async markStarted(id: string, meta: CollectorMetadata, userId: string): Promise<boolean> {
    const rows = (await this.db.query(
      `UPDATE collectors SET status = 'Running', last_heartbeat = now(), started_by = $2,
         os_info = COALESCE($3, os_info), process_info = COALESCE($4, process_info), version = COALESCE($5, version),
         updated_at = now()
       WHERE id = $1 AND registered AND status IN ('Stopped', 'MissedHeartbeat') RETURNING id`,
      [id, userId, meta.osInfo ?? null, meta.processInfo ?? null, meta.version ?? null],
    )) as [unknown[], number];
    return rows[1] > 0;
  }

  /** Records a heartbeat (MissedHeartbeat → Running); the status after it. */
  async recordHeartbeat(id: string, meta: CollectorMetadata): Promise<CollectorStatus> {
    const rows = (await this.db.query(
      `UPDATE collectors SET last_heartbeat = now(),
         status = CASE WHEN status = 'MissedHeartbeat' THEN 'Running' ELSE status END,
         os_info = COALESCE($2, os_info), process_info = COALESCE($3, process_info), version = COALESCE($4, version)
       WHERE id = $1 RETURNING status`,
      [id, meta.osInfo ?? null, meta.processInfo ?? null, meta.version ?? null],
    )) as [{ status: CollectorStatus }[], number];
    return rows[0][0]?.status ?? 'Stopped';
  }

  async setStatus(id: string, status: CollectorStatus, registered?: boolean): Promise<void> {
    await this.db.query(
      'UPDATE collectors SET status = $2, registered = COALESCE($3, registered), updated_at = now() WHERE id = $1',
      [id, status, registered ?? null],
    );
  }

  async describe(id: string, d: Record<string, string | undefined>, current: CollectorRow): Promise<void> {
    await this.db.query('UPDATE collectors SET description = $2, help_email = $3, help_url = $4, updated_at = now() WHERE id = $1', [
      id,
      d.description !== undefined ? d.description : current.description,
      d.helpEmail !== undefined ? d.helpEmail : current.helpEmail,
      d.helpUrl !== undefined ? d.helpUrl : current.helpUrl,
    ]);
  }
}
