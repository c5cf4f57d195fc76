import { apiLinks, ApiLink, deletedApiLinks, RECORD_METHODS } from '../common/api-links';
import type { SampleRelatedLink } from './sample.entity';

export const SAMPLES_PATH = '/v1/samples';

/** A sample row as SAMPLE_SELECT (sample-sql.ts) returns it (one row per sample, aspect and creator joined). */
export interface SampleRow {
  subject_id: string;
  aspect_id: string;
  name: string;
  value: string;
  status: string;
  previous_status: string;
  status_changed_at: Date;
  message_code: string | null;
  message_body: string | null;
  related_links: SampleRelatedLink[];
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
  user_name: string | null;
  user_email: string | null;
  user_profile: string | null;
  a_name: string;
  a_timeout: string;
  a_value_type: string;
  a_critical_range: number[] | null;
  a_warning_range: number[] | null;
  a_info_range: number[] | null;
  a_ok_range: number[] | null;
  a_rank: number | null;
  a_value_label: string | null;
  a_is_published: boolean;
  a_description: string | null;
  a_help_email: string | null;
  a_help_url: string | null;
  a_image_url: string | null;
  a_tags: string[];
  a_related_links: SampleRelatedLink[];
  a_created_at: Date;
  a_updated_at: Date;
}

/**
 * What one upserted row was before and is after the statement (one row per upserted sample):
 * built from the statement's own RETURNING, so that realtime events (and status history) never
 * need one query per sample. `inserted` → the old_* columns are null.
 */
export type UpsertedSampleRow = Pick<
  SampleRow,
  | 'subject_id' | 'aspect_id' | 'value' | 'status' | 'previous_status' | 'status_changed_at' | 'message_code'
  | 'message_body' | 'related_links' | 'created_by' | 'created_at' | 'updated_at'
> & {
  inserted: boolean;
  old_value: string | null;
  old_status: string | null;
  old_message_code: string | null;
  old_message_body: string | null;
  old_related_links: SampleRelatedLink[] | null;
  /** The provider (created_by) as samples embed it: returned by the upsert, not by the timeout sweep. */
  user_name?: string | null;
  user_email?: string | null;
  user_profile?: string | null;
};

/** An aspect as a sample embeds it (ASPECT_VIEW_COLUMNS, sample-sql.ts). */
export type AspectViewRow = Pick<SampleRow, Extract<keyof SampleRow, `a_${string}`>>;

/** The creator of a sample as responses embed it (null properties omitted). */
export type SampleUser = {
  name: string;
  email?: string;
  profile?: { name: string };
};

/** The aspect a sample response embeds (null properties omitted; Dates become ISO strings in JSON). */
export type SampleAspect = {
  id: string;
  name: string;
  timeout: string;
  valueType: string;
  criticalRange?: number[];
  warningRange?: number[];
  infoRange?: number[];
  okRange?: number[];
  rank?: number;
  valueLabel?: string;
  isPublished: boolean;
  description?: string;
  helpEmail?: string;
  helpUrl?: string;
  imageUrl?: string;
  tags: string[];
  relatedLinks: SampleRelatedLink[];
  createdAt: Date;
  updatedAt: Date;
};

/** A sample as the API answers it (SampleResponseDto documents it; Dates become ISO strings in JSON). */
export type SampleResponse = {
  name: string;
  value: string;
  status: string;
  previousStatus: string;
  statusChangedAt: Date;
  messageCode?: string;
  messageBody?: string;
  relatedLinks: SampleRelatedLink[];
  createdAt: Date;
  updatedAt: Date;
  provider?: string;
  user?: SampleUser;
  aspectId: string;
  subjectId: string;
  aspect: SampleAspect;
  apiLinks: ApiLink[];
};

/** `T` with its null properties omitted: what withoutNulls returns. */
type WithoutNulls<T> = { [K in keyof T as null extends T[K] ? never : K]: T[K] } & { [K in keyof T as null extends T[K] ? K : never]?: NonNullable<T[K]> };

/** Copies the entries whose value is not null/undefined (responses omit null fields, REFOCUS-REFERENCE.md §3.4). */
function withoutNulls<T extends object>(record: T): WithoutNulls<T> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) if (v !== null && v !== undefined) out[k] = v;
  return out as WithoutNulls<T>;
}

/** The embedded `aspect` of a sample response. */
export function aspectView(r: AspectViewRow & { aspect_id: string }): SampleAspect {
  return withoutNulls({
    id: r.aspect_id,
    name: r.a_name,
    timeout: r.a_timeout,
    valueType: r.a_value_type,
    criticalRange: r.a_critical_range,
    warningRange: r.a_warning_range,
    infoRange: r.a_info_range,
    okRange: r.a_ok_range,
    rank: r.a_rank,
    valueLabel: r.a_value_label,
    isPublished: r.a_is_published,
    description: r.a_description,
    helpEmail: r.a_help_email,
    helpUrl: r.a_help_url,
    imageUrl: r.a_image_url,
    tags: r.a_tags,
    relatedLinks: r.a_related_links,
    createdAt: r.a_created_at,
    updatedAt: r.a_updated_at,
  });
}

/** A sample row without its aspect's columns. */
export type SampleCoreRow = Omit<SampleRow, keyof AspectViewRow>;

/** The API shape of a sample (REFOCUS-REFERENCE.md §12 item 44): no `id`, embedded `aspect` and `user`, apiLinks by name. */
export function sampleView(r: SampleRow, deleted = false): SampleResponse {
  return sampleViewWith(r, aspectView(r), deleted);
}

/** sampleView with its embedded aspect (aspectView) given: built once for every sample of that aspect. */
export function sampleViewWith(r: SampleCoreRow, aspect: SampleAspect, deleted = false): SampleResponse {
  const links: ApiLink[] = deleted
    ? deletedApiLinks(SAMPLES_PATH, 'sample')
    : apiLinks(SAMPLES_PATH, r.name, 'sample', RECORD_METHODS);
  return withoutNulls({
    name: r.name,
    value: r.value,
    status: r.status,
    previousStatus: r.previous_status,
    statusChangedAt: r.status_changed_at,
    messageCode: r.message_code,
    messageBody: r.message_body,
    relatedLinks: r.related_links ?? [],
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    provider: r.created_by,
    user:
      r.user_name === null ? null : withoutNulls({ name: r.user_name, email: r.user_email, profile: r.user_profile === null ? null : { name: r.user_profile } }),
    aspectId: r.aspect_id,
    subjectId: r.subject_id,
    aspect,
    apiLinks: links,
  });
}
