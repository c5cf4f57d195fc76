import { Injectable } from '@nestjs/common';
import { escapeLiteral } from 'pg';
import { DataSource } from 'typeorm';
import { descendantsPattern, levelOf, subtreeCondition } from '../database/key-sql';
import { PreparedSql } from '../database/prepared-sql';
import { SAMPLE_STATUSES } from '../samples/status';
import type { SubjectRow } from './subjects.repository';

/**
 * A sample of the hierarchy, its JSON as PostgreSQL wrote it, in bytes (copyOut): the bytes
 * `text[head, headEnd)`, then `links`, then `text[tail, end)`, then `aspectJson` are the
 * sample's JSON exactly as `JSON.stringify` wrote the object the hierarchy answered before
 * (name, value, status, previousStatus, statusChangedAt, messageCode and messageBody unless
 * null, relatedLinks, createdAt, updatedAt, subjectId, aspectId, aspect). `links` is null when
 * the sample's relatedLinks is `[]` (the head ends with it); jsonb text is not compact, so
 * other lists are rewritten by JSON.stringify. `aspectJson` (the aspect's JSON and the
 * sample's closing brace) is set in memory.
 */
export interface HierarchySample {
  subjectId: string;
  aspectId: string;
  status: string;
  text: Buffer;
  head: number;
  headEnd: number;
  links: string | null;
  tail: number;
  end: number;
  aspectJson?: Buffer;
}

/** An aspect as embedded in hierarchy samples (nulls omitted). */
export type HierarchyAspect = Record<string, unknown> & { id: string; name: string; tags?: string[] };

/** The parent's absolutePath of subject `s`, computed from its own. */
export const PARENT_PATH_SQL = `regexp_replace(s.absolute_path, '\\.?[^.]*$', '')`;
/** The hierarchy level of subject `s`. */
export const LEVEL_SQL = levelOf('s.absolute_path');

/** A timestamp column as ISO-8601 text in UTC (the hierarchy's rows go out without Date objects). */
const iso = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
/** A text value as a JSON string: PostgreSQL escapes it as JSON.stringify does (quote, backslash, \b \f \n \r \t, other controls as \u00xx). */
const str = (col: string) => `to_json(${col})::text`;

/**
 * The columns of a HierarchySample: its subject, aspect and status (as JSON text when it is not
 * one of the statuses: the API writes no other, but the column holds any text), then the sample's JSON text
 * written by PostgreSQL rather than built in Node from row objects (docs/PERFORMANCE.md,
 * "Hierarchy: samples as text"): head, relatedLinks unless `[]`, tail. The columns used are
 * NOT NULL except the message code and body, which are left out when null.
 */
const SAMPLE_COLUMNS = `sm.subject_id, sm.aspect_id,
  CASE WHEN sm.status IN (${SAMPLE_STATUSES.map((x) => `'${x}'`).join(', ')}) THEN sm.status ELSE ${str('sm.status')} END,
  '{"name":' || ${str("s.absolute_path || '|' || a.name")} || ',"value":' || ${str('sm.value')}
    || ',"status":' || ${str('sm.status')} || ',"previousStatus":' || ${str('sm.previous_status')}
    || ',"statusChangedAt":"' || ${iso('sm.status_changed_at')} || '"'
    || CASE WHEN sm.message_code IS NULL THEN '' ELSE ',"messageCode":' || ${str('sm.message_code')} END
    || CASE WHEN sm.message_body IS NULL THEN '' ELSE ',"messageBody":' || ${str('sm.message_body')} END
    || CASE WHEN sm.related_links = '[]'::jsonb THEN ',"relatedLinks":[]' ELSE ',"relatedLinks":' END,
  CASE WHEN sm.related_links = '[]'::jsonb THEN NULL ELSE sm.related_links END,
  ',"createdAt":"' || ${iso('sm.created_at')} || '","updatedAt":"' || ${iso('sm.updated_at')}
    || '","subjectId":"' || sm.subject_id || '","aspectId":"' || sm.aspect_id || '","aspect":'`;
/** `"`: the first byte of a status written as JSON text. */
const QUOTE_MARK = 0x22;
/** The number of SAMPLE_COLUMNS. */
const SAMPLE_FIELDS = 6;

/**
 * The hierarchy reads (GET /v1/subjects/{key}/hierarchy): a subtree's published subjects, and
 * their samples with those samples' aspects. Hand-written SQL, kept as it is because it is a
 * measured hot path: bench/hierarchy.bench.ts (docs/PERFORMANCE.md).
 */
@Injectable()
export class SubjectHierarchyRepository {
  constructor(
    private readonly ds: DataSource,
    private readonly sql: PreparedSql,
  ) {}

  /**
   * Published subjects of the subtree rooted at `root`, at most `depth` levels below it (0 = all),
   * for the hierarchy: child counts from one grouped join, timestamps as ISO text, no embedded
   * users (hierarchy nodes do not carry `user`/`owner`).
   */
  async publishedSubtree(root: SubjectRow, depth: number): Promise<SubjectRow[]> {
    return this.ds.query(
      `WITH sub AS (
         SELECT * FROM subjects s
         WHERE s.is_published AND ${subtreeCondition('s.id', 's.absolute_path', 1, 2)}
           AND ($3::int = 0 OR ${LEVEL_SQL} <= $4::int)
       ), counts AS (
         SELECT c.parent_id, count(*)::int AS n FROM subjects c WHERE c.parent_id IN (SELECT id FROM sub) GROUP BY c.parent_id
       )
       SELECT s.id, s.name, s.absolute_path AS "absolutePath", s.parent_id AS "parentId",
         ${PARENT_PATH_SQL} AS "parentAbsolutePath", COALESCE(counts.n, 0) AS "childCount",
         ${LEVEL_SQL}::int AS "hierarchyLevel", s.is_published AS "isPublished", s.description,
         s.help_email AS "helpEmail", s.help_url AS "helpUrl", s.image_url AS "imageUrl", s.sort_by AS "sortBy",
         s.tags, s.related_links AS "relatedLinks", s.geolocation, s.created_by AS "createdBy",
         ${iso('s.created_at')} AS "createdAt", ${iso('s.updated_at')} AS "updatedAt"
       FROM sub s LEFT JOIN counts ON counts.parent_id = s.id`,
      [root.id, descendantsPattern(root.absolutePath), depth, root.hierarchyLevel + depth],
    );
  }

  /**
   * Samples of the published subjects of a subtree whose aspect is published, as JSON text
   * (HierarchySample), and those aspects (one query each; each aspect is built once, not once
   * per sample). Samples come ordered by aspect name, sorted here rather than in SQL: an ORDER BY
   * made PostgreSQL walk the samples aspect by aspect through an index (4–5 × the time of one
   * scan and a hash join once the table has dead row versions).
   */
  async subtreeSamples(root: SubjectRow, depth: number): Promise<{ samples: HierarchySample[]; aspects: HierarchyAspect[] }> {
    const samples: HierarchySample[] = [];
    // COPY takes no parameters: the root's id and path pattern as literals, the levels as integers.
    await this.sql.copyOut(
      `SELECT ${SAMPLE_COLUMNS}
       FROM samples sm
       JOIN subjects s ON s.id = sm.subject_id
       JOIN aspects a ON a.id = sm.aspect_id
       WHERE s.is_published AND a.is_published
         AND ${subtreeCondition('s.id', 's.absolute_path', { sql: escapeLiteral(root.id) }, { sql: escapeLiteral(descendantsPattern(root.absolutePath)) })}
         AND (${depth | 0} = 0 OR ${LEVEL_SQL} <= ${(root.hierarchyLevel + depth) | 0})`,
      SAMPLE_FIELDS,
      ({ block, start, end }) => {
        const links = end[4] > start[4] ? JSON.stringify(JSON.parse(block.toString('utf8', start[4], end[4]))) : null;
        samples.push({
          subjectId: block.toString('latin1', start[0], end[0]),
          aspectId: block.toString('latin1', start[1], end[1]),
          status: block[start[2]] === QUOTE_MARK ? (JSON.parse(block.toString('utf8', start[2], end[2])) as string) : block.toString('latin1', start[2], end[2]),
          text: block,
          head: start[3],
          headEnd: end[3],
          links,
          tail: start[5],
          end: end[5],
        });
      },
    );
    const ids = Array.from(new Set(samples.map((x) => x.aspectId)));
    if (!ids.length) return { samples, aspects: [] };
    const rows: { id: string; aspect: HierarchyAspect }[] = await this.ds.query(
      `SELECT a.id, json_strip_nulls(json_build_object('id', a.id, 'name', a.name, 'timeout', a.timeout, 'valueType', a.value_type,
           'criticalRange', a.critical_range, 'warningRange', a.warning_range, 'infoRange', a.info_range,
           'okRange', a.ok_range, 'rank', a.rank, 'valueLabel', a.value_label, 'isPublished', a.is_published,
           'description', a.description, 'helpEmail', a.help_email, 'helpUrl', a.help_url, 'imageUrl', a.image_url,
           'tags', a.tags, 'relatedLinks', a.related_links)) AS aspect
       FROM aspects a WHERE a.id = ANY($1::uuid[]) ORDER BY lower(a.name)`,
      [ids],
    );
    // By aspect name: one bucket per aspect, in the aspects' order (linear, stable).
    const buckets = new Map<string, HierarchySample[]>(rows.map((r) => [r.id, []]));
    for (const sample of samples) buckets.get(sample.aspectId)?.push(sample);
    return { samples: [...buckets.values()].flat(), aspects: rows.map((r) => r.aspect) };
  }
}
