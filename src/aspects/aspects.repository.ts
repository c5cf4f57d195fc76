import { Injectable } from '@nestjs/common';
import { insertReturningId } from '../database/entity-select';
import { DataSource, EntityManager, type SelectQueryBuilder } from 'typeorm';
import type { UserSummary } from '../common/dto/user-summary.dto';
import { DuplicateResourceError } from '../common/errors/api-errors';
import { keyCondition } from '../database/key-sql';
import type { ListQuery, RowsAndTotal } from '../common/list-query';
import { listPageOf } from '../database/list-sql';
import type { DescribedFields } from '../common/described-record.service';
import { resolveOwnerId, setTagsAndLinks, usersAndFromSql, withUsers } from '../database/record-sql';
import { translateViolation } from '../database/database-errors';
import { RelatedLink } from '../common/tag-link-ops';
import { StoredSampleStatus, statusChanges } from '../samples/status';
import { historyReturning, withHistory } from '../history/history-sql';
import type { Range } from './helpers/ranges';
import { PreparedSql } from '../database/prepared-sql';
import { AspectEntity } from './aspect.entity';

/** An aspect as read from the database, with embedded users. */
export interface AspectRow extends DescribedFields {
  id: string;
  name: string;
  timeout: string;
  valueType: 'BOOLEAN' | 'NUMERIC' | 'PERCENT';
  criticalRange: Range;
  warningRange: Range;
  infoRange: Range;
  okRange: Range;
  rank: number | null;
  valueLabel: string | null;
  isPublished: boolean;
  createdBy: string | null;
  ownerId: string | null;
  createdAt: Date;
  updatedAt: Date;
  user: UserSummary | null;
  owner: UserSummary | null;
}

/** The stored, writable state of an aspect. */
export type AspectWrite = Omit<AspectRow, 'id' | 'createdBy' | 'createdAt' | 'updatedAt' | 'user' | 'owner'>;

/** What else an update does in its transaction. */
export interface AspectUpdateEffects {
  recomputeStatuses: boolean;
  deleteSamples: boolean;
}

const COLUMNS = `a.id, a.name, a.timeout, a.value_type AS "valueType", a.critical_range AS "criticalRange",
  a.warning_range AS "warningRange", a.info_range AS "infoRange", a.ok_range AS "okRange", a.rank,
  a.value_label AS "valueLabel", a.is_published AS "isPublished", a.description, a.help_email AS "helpEmail",
  a.help_url AS "helpUrl", a.image_url AS "imageUrl", a.tags, a.related_links AS "relatedLinks",
  a.created_by AS "createdBy", a.owner_id AS "ownerId", a.created_at AS "createdAt", a.updated_at AS "updatedAt"`;

const SELECT = `SELECT ${COLUMNS}, ${usersAndFromSql('aspects', 'a')}`;

const byCondition = new Map<string, string>();

/**
 * SELECT … WHERE `condition`, one string per condition (a key condition has two forms): built
 * anew on every read, the long text was hashed and compared again by PreparedSql's and pg's
 * statement look-ups (issue 19).
 */
function selectWhere(condition: string): string {
  let text = byCondition.get(condition);
  if (text === undefined) {
    text = `${SELECT} WHERE ${condition}`;
    if (byCondition.size < 16) byCondition.set(condition, text);
  }
  return text;
}

/** Aspects (alias `a`) as AspectRow, the creator and owner embedded: SELECT as a builder, for lists and the realtime feed. */
export function selectAspects(db: DataSource | EntityManager): SelectQueryBuilder<AspectEntity> {
  return withUsers(db.createQueryBuilder(AspectEntity, 'a').select(COLUMNS), 'a');
}

/** Every query on aspects, and the set-based effects on their samples. */
@Injectable()
export class AspectsRepository {
  constructor(
    private readonly ds: DataSource,
    private readonly sql: PreparedSql,
  ) {}

  /**
   * By UUID (id only) or name (exact, ignoring case). Hand-written and prepared: the read every
   * sample and aspect page starts with, measured by bench/aspects-read.bench.ts
   * (docs/PERFORMANCE.md).
   */
  async findByKey(key: string): Promise<AspectRow | null> {
    const c = keyCondition(key, 'a.id', 'a.name', 1);
    const rows = (await this.sql.query(selectWhere(c.sql), [c.param])) as AspectRow[];
    return rows[0] ?? null;
  }

  async findById(id: string): Promise<AspectRow | null> {
    const rows = (await this.sql.query(`${SELECT} WHERE a.id = $1`, [id])) as AspectRow[];
    return rows[0] ?? null;
  }

  resolveOwner(owner: string): Promise<string> {
    return resolveOwnerId(this.ds, owner);
  }

  list(q: ListQuery): Promise<RowsAndTotal<AspectRow>> {
    return listPageOf(selectAspects(this.ds), q);
  }

  /** Inserts an aspect; a taken name (any case) → 409. Returns the new id. */
  async insert(v: AspectWrite, createdBy: string): Promise<string> {
    try {
      return await insertReturningId(this.ds, AspectEntity, { ...v, createdBy });
    } catch (e) {
      throw this.translate(e, v.name);
    }
  }

  /**
   * Writes an aspect and, in the same transaction, recomputes its samples' statuses or deletes
   * its samples (unpublished). A rename keeps samples: names are computed.
   */
  async update(id: string, v: AspectWrite, effects: AspectUpdateEffects): Promise<void> {
    try {
      await this.ds.transaction(async (m) => {
        await m
          .createQueryBuilder()
          .update(AspectEntity)
          .set({ ...v, updatedAt: () => 'now()' })
          .where('id = :id', { id })
          .execute();
        if (effects.deleteSamples) await m.query(`DELETE FROM samples WHERE aspect_id = $1`, [id]);
        else if (effects.recomputeStatuses) await this.recomputeStatuses(m, id, v);
      });
    } catch (e) {
      throw this.translate(e, v.name);
    }
  }

  setTagsAndLinks(id: string, tags: string[], links: RelatedLink[]): Promise<void> {
    return setTagsAndLinks(this.ds, AspectEntity, id, tags, links);
  }

  /** Deletes an aspect; its samples and writers go by cascade. */
  async delete(id: string): Promise<void> {
    await this.ds.createQueryBuilder().delete().from(AspectEntity).where('id = :id', { id }).execute();
  }

  /**
   * Recomputes the statuses of aspect `id`'s samples under the ranges of `v` with
   * `computeStatus` (one read, rows locked), then writes back only the changed ones in one
   * statement: the old status moves to previous_status, status_changed_at is stamped;
   * updated_at stays (a range change is not a new reading, so it does not delay a timeout).
   */
  private async recomputeStatuses(m: EntityManager, id: string, v: AspectWrite): Promise<void> {
    const samples: StoredSampleStatus[] = await m.query(
      `SELECT subject_id AS "subjectId", value, status FROM samples WHERE aspect_id = $1 FOR UPDATE`,
      [id],
    );
    const ranges = { criticalRange: v.criticalRange, warningRange: v.warningRange, infoRange: v.infoRange, okRange: v.okRange };
    const changes = statusChanges(samples, ranges);
    if (changes.length === 0) return;
    await m.query(
      withHistory(`UPDATE samples sm SET status = c.status, previous_status = c.previous_status, status_changed_at = now()
         FROM unnest($2::uuid[], $3::text[], $4::text[]) AS c(subject_id, status, previous_status)
        WHERE sm.aspect_id = $1 AND sm.subject_id = c.subject_id ${historyReturning('sm')}`),
      [id, changes.map((c) => c.subjectId), changes.map((c) => c.status), changes.map((c) => c.previousStatus)],
    );
  }

  private translate(e: unknown, name: string): unknown {
    return translateViolation(e, {
      unique: () => new DuplicateResourceError({ message: `An aspect named ${name} already exists`, source: 'Aspect', value: name }),
    });
  }
}
