import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DuplicateResourceError } from '../common/errors/api-errors';
import { keyCondition } from '../common/key';
import type { ListQuery, RowsAndTotal } from '../common/list-query';
import { listPage } from '../database/list-sql';
import { embeddedUserSql } from '../database/record-sql';
import { translatingViolations } from '../database/database-errors';

/** A group read back with its members and creator. */
export interface CollectorGroupRow {
  id: string;
  name: string;
  description: string | null;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
  user: Record<string, unknown> | null;
  collectors: { id: string; name: string; status: string; lastHeartbeat: string | null }[];
}

const SELECT = `
  SELECT g.id, g.name, g.description, g.created_by AS "createdBy", g.created_at AS "createdAt",
    g.updated_at AS "updatedAt", ${embeddedUserSql('u')} AS "user",
    COALESCE((SELECT json_agg(json_build_object('id', c.id, 'name', c.name, 'status', c.status,
        'lastHeartbeat', c.last_heartbeat) ORDER BY lower(c.name))
      FROM collectors c WHERE c.collector_group_id = g.id), '[]'::json) AS collectors
  FROM collector_groups g
  LEFT JOIN users u ON u.id = g.created_by`;

/** Collector groups in PostgreSQL; membership is `collectors.collector_group_id`. */
@Injectable()
export class CollectorGroupsRepository {
  constructor(private readonly db: DataSource) {}

  list(q: ListQuery): Promise<RowsAndTotal<CollectorGroupRow>> {
    return listPage(this.db, SELECT, 'collector_groups g', q);
  }

  async findByKey(key: string): Promise<CollectorGroupRow | null> {
    const cond = keyCondition(key, 'g.id', 'g.name', 1);
    const rows = (await this.db.query(`${SELECT} WHERE ${cond.sql}`, [cond.param])) as CollectorGroupRow[];
    return rows[0] ?? null;
  }

  async insert(name: string, description: string | null, createdBy: string): Promise<string> {
    const rows = await this.run<{ id: string }[]>(
      'INSERT INTO collector_groups (name, description, created_by) VALUES ($1, $2, $3) RETURNING id',
      [name, description, createdBy],
      name,
    );
    return rows[0].id;
  }

  async update(id: string, name: string, description: string | null): Promise<void> {
    await this.run('UPDATE collector_groups SET name = $1, description = $2, updated_at = now() WHERE id = $3', [name, description, id], name);
  }

  async delete(id: string): Promise<void> {
    await this.db.query('DELETE FROM collector_groups WHERE id = $1', [id]);
  }

  /** The collectors with these names (any case): id, name and group. */
  async collectorsNamed(names: string[]): Promise<{ id: string; name: string; groupId: string | null }[]> {
    return (await this.db.query(
      `SELECT id, name, collector_group_id AS "groupId" FROM collectors WHERE lower(name) = ANY($1::text[])`,
      [names.map((n) => n.toLowerCase())],
    )) as { id: string; name: string; groupId: string | null }[];
  }

  async setGroupOf(collectorIds: string[], groupId: string | null): Promise<void> {
    await this.db.query('UPDATE collectors SET collector_group_id = $2, updated_at = now() WHERE id = ANY($1::uuid[])', [collectorIds, groupId]);
  }

  async clearMembers(groupId: string): Promise<void> {
    await this.db.query('UPDATE collectors SET collector_group_id = NULL, updated_at = now() WHERE collector_group_id = $1', [groupId]);
  }

  private async run<T>(sql: string, args: unknown[], name: string): Promise<T> {
    return translatingViolations(
      { unique: () => new DuplicateResourceError({ message: `A collector group named "${name}" already exists.`, source: 'CollectorGroup', value: name }) },
      () => this.db.query(sql, args) as Promise<T>,
    );
  }
}
