/** Parses JSON text into a plain object; anything else (not JSON, an array, a scalar) → null. */
function asObject(text: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The upsert rule: both values JSON objects → shallow merge (the new keys win); else the new value replaces. */
export function mergeBotDataValue(stored: string, sent: string): string {
  const a = asObject(stored);
  const b = asObject(sent);
  return a && b ? JSON.stringify({ ...a, ...b }) : sent;
}
