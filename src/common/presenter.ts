/**
 * A record as the API shows it: `null`/`undefined` properties are omitted (reference §3.4),
 * except the names in `keepNull`, and Dates become ISO strings.
 */
export function omitNulls<T extends object>(row: T, keepNull: readonly string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    if (v === null || v === undefined) {
      if (keepNull.includes(k)) out[k] = null;
      continue;
    }
    out[k] = v instanceof Date ? v.toISOString() : v;
  }
  return out;
}
