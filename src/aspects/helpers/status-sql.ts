/**
 * SQL mirror of `computeStatus` (src/samples/status.ts, reference §5), so that a range change
 * recomputes every sample of an aspect in ONE statement.
 *
 * Number parsing follows JavaScript's Number() for what collectors send: decimal and exponent
 * notation with surrounding whitespace, whitespace-only → 0, `true`/`false` (any case) → 1/0,
 * hexadecimal `0x…`. Not mirrored (→ Invalid here): `0b…`/`0o…` literals and exponents of four
 * or more digits; both are treated in docs/DECISIONS.md.
 */
const WS = `E' \\t\\n\\r\\f\\u000b\\u00a0\\ufeff'`;
const DECIMAL = `'^[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]{1,3})?$'`;
const HEX = `'^0[xX][0-9a-fA-F]{1,15}$'`;

/** numeric value of the text expression `v`, or NULL when it is not a number. */
function numericOf(v: string): string {
  const t = `btrim(${v}, ${WS})`;
  return `CASE
    WHEN lower(${v}) = 'true' THEN 1::numeric
    WHEN lower(${v}) = 'false' THEN 0::numeric
    WHEN ${t} = '' THEN 0::numeric
    WHEN ${t} ~ ${DECIMAL} THEN (${t})::numeric
    WHEN ${t} ~ ${HEX} THEN ('x' || lpad(substr(${t}, 3), 16, '0'))::bit(64)::bigint::numeric
    ELSE NULL END`;
}

/** double precision value as JavaScript would see it (NULL for NaN or ±Infinity). */
function doubleOf(v: string): string {
  const n = `(${numericOf(v)})`;
  return `CASE WHEN ${n} IS NULL OR abs(${n}) >= 1e308 THEN NULL WHEN abs(${n}) < 1e-300 THEN 0::float8 ELSE ${n}::float8 END`;
}

function inRange(n: string, range: string): string {
  return `(${range} IS NOT NULL AND array_length(${range}, 1) = 2 AND ${n} >= ${range}[1] AND ${n} <= ${range}[2])`;
}

/**
 * The status of a sample whose text value is `v` under the ranges of aspect alias `a`:
 * '' → Invalid, 'Timeout' → Timeout, not a number → Invalid, Critical > Warning > Info > OK.
 */
export function sampleStatusSql(v: string, a: string): string {
  const n = 'num.v';
  return `(SELECT CASE
      WHEN ${v} = '' THEN 'Invalid'
      WHEN ${v} = 'Timeout' THEN 'Timeout'
      WHEN ${n} IS NULL THEN 'Invalid'
      WHEN ${inRange(n, `${a}.critical_range`)} THEN 'Critical'
      WHEN ${inRange(n, `${a}.warning_range`)} THEN 'Warning'
      WHEN ${inRange(n, `${a}.info_range`)} THEN 'Info'
      WHEN ${inRange(n, `${a}.ok_range`)} THEN 'OK'
      ELSE 'Invalid' END
    FROM (SELECT ${doubleOf(v)} AS v) num)`;
}

/**
 * Recomputes the status of every sample of aspect `$1` from its current ranges; a changed
 * status moves the old one to previous_status and stamps status_changed_at (updated_at is left
 * alone: a range change is not a new reading).
 */
export const RECOMPUTE_STATUSES_SQL = `
WITH computed AS (
  SELECT sm.subject_id, sm.aspect_id, ${sampleStatusSql('sm.value', 'a')} AS status
  FROM samples sm JOIN aspects a ON a.id = sm.aspect_id
  WHERE sm.aspect_id = $1
), changed AS (
  UPDATE samples sm SET previous_status = sm.status, status = c.status, status_changed_at = now()
  FROM computed c
  WHERE sm.subject_id = c.subject_id AND sm.aspect_id = c.aspect_id AND sm.status IS DISTINCT FROM c.status
  RETURNING 1
) SELECT count(*)::int AS changed FROM changed`;
