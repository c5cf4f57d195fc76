/** The SQL of a sample read: its name, its columns and its joins (SampleRow, sample.presenter.ts). */
import type { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { sampleNameOf } from '../database/key-sql';
import { SampleEntity } from './sample.entity';

/** Name expression of a sample (`s` samples, `sub` subjects, `a` aspects). */
export const SAMPLE_NAME_SQL = sampleNameOf('sub', 'a');

/** The columns of the aspect `a` that a sample embeds (SampleRow's a_* fields). */
export const ASPECT_VIEW_COLUMNS = `a.name AS a_name, a.timeout AS a_timeout, a.value_type AS a_value_type,
         a.critical_range AS a_critical_range, a.warning_range AS a_warning_range,
         a.info_range AS a_info_range, a.ok_range AS a_ok_range, a.rank AS a_rank,
         a.value_label AS a_value_label, a.is_published AS a_is_published, a.description AS a_description,
         a.help_email AS a_help_email, a.help_url AS a_help_url, a.image_url AS a_image_url,
         a.tags AS a_tags, a.related_links AS a_related_links, a.created_at AS a_created_at,
         a.updated_at AS a_updated_at`;


/** The columns of every sample read (SampleRow), from samples s joined as in sampleSelect. */
export const SAMPLE_COLUMNS = `s.subject_id::text AS subject_id, s.aspect_id::text AS aspect_id, ${SAMPLE_NAME_SQL} AS name,
         s.value, s.status, s.previous_status, s.status_changed_at, s.message_code, s.message_body,
         s.related_links, s.created_by::text AS created_by, s.created_at, s.updated_at,
         u.name AS user_name, u.email AS user_email, p.name AS user_profile,
         ${ASPECT_VIEW_COLUMNS}`;

/**
 * Every sample read (SampleRow, plus `extra` columns first): samples `s` with their subject
 * `sub`, aspect `a`, provider `u` and its profile `p`. Callers add conditions and order.
 */
export function selectSamples(db: DataSource | EntityManager, extra?: string): SelectQueryBuilder<SampleEntity> {
  const qb = db.createQueryBuilder(SampleEntity, 's').select(extra ? `${extra}, ${SAMPLE_COLUMNS}` : SAMPLE_COLUMNS);
  return (
    qb
      // before the joins: TypeORM adds a join's `deleted_at IS NULL` when the join is made (a deleted provider stays embedded)
      .withDeleted()
      .innerJoin('subjects', 'sub', 'sub.id = s.subject_id')
      .innerJoin('aspects', 'a', 'a.id = s.aspect_id')
      .leftJoin('users', 'u', 'u.id = s.created_by')
      .leftJoin('profiles', 'p', 'p.id = u.profile_id')
  );
}
