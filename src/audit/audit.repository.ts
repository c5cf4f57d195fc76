import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ListQuery, RowsAndTotal } from '../common/list-query';
import { orderBySql, positionalFilters } from '../database/list-sql';

/** An audit event as stored. */
export interface AuditRow {
  id: string;
  at: Date;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  target_name: string | null;
  outcome: string;
  address: string | null;
  details: Record<string, unknown>;
  total_count?: string;
}

/** A row to append. */
export type NewAuditRow = Omit<AuditRow, 'id' | 'at' | 'total_count'>;

const COLUMNS = `id::text AS id, at, actor_id::text AS actor_id, actor_name, action, target_type, target_id, target_name,
  outcome, address, details`;

/** Every query on audit_events: append, list, prune. Nothing updates a row. */
@Injectable()
export class AuditRepository {
  constructor(private readonly db: DataSource) {}

  async insert(r: NewAuditRow): Promise<void> {
    await this.db.query(
      `INSERT INTO audit_events (actor_id, actor_name, action, target_type, target_id, target_name, outcome, address, details)
       VALUES ($1::uuid, COALESCE($2, (SELECT name FROM users WHERE id = $1::uuid)), $3, $4, $5, $6, $7, $8, $9::jsonb)`,
      [r.actor_id, r.actor_name, r.action, r.target_type, r.target_id, r.target_name, r.outcome, r.address, JSON.stringify(r.details)],
    );
  }

  /** A page of events matching `q` and the number of matches. */
  async list(q: ListQuery): Promise<RowsAndTotal<AuditRow>> {
    const { conditions, params } = positionalFilters(q);
    const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
    const n = params.length;
    const rows = (await this.db.query(
      `SELECT ${COLUMNS}, count(*) OVER () AS total_count FROM audit_events e ${where}
        ORDER BY ${orderBySql(q.order)} LIMIT $${n + 1} OFFSET $${n + 2}`,
      [...params, q.limit, q.offset],
    )) as AuditRow[];
    if (rows.length > 0 || q.offset === 0) return { rows, total: rows.length ? Number(rows[0].total_count) : 0 };
    const count = (await this.db.query(`SELECT count(*) AS n FROM audit_events e ${where}`, params)) as { n: string }[];
    return { rows, total: Number(count[0].n) };
  }
}
