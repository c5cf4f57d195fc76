/**
 * Durations written `<digits><unit>` (`5m`, `7d`): aspect timeouts, `?window=` of availability,
 * `-1d` filters of lists. One unit table and one parser; each use states its syntax.
 */
export const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 } as const;
export type DurationUnit = keyof typeof UNIT_SECONDS;

/** Which units a use accepts, how many digits at most, and whether `5M` means `5m`. */
export interface DurationSyntax {
  units: readonly DurationUnit[];
  maxDigits?: number;
  anyCase?: boolean;
}

/** An aspect's `timeout` (`^[0-9]+[smhd]$`, any case; the DTO allows 9 digits). */
export const TIMEOUT_SYNTAX: DurationSyntax = { units: ['s', 'm', 'h', 'd'], anyCase: true };

/** Seconds of `text` read with `syntax`, or null when it does not follow it. */
export function durationSeconds(text: string, syntax: DurationSyntax): number | null {
  const m = /^([0-9]+)([a-zA-Z])$/.exec(text);
  if (!m || (syntax.maxDigits !== undefined && m[1].length > syntax.maxDigits)) return null;
  const unit = (syntax.anyCase ? m[2].toLowerCase() : m[2]) as DurationUnit;
  return syntax.units.includes(unit) ? Number(m[1]) * UNIT_SECONDS[unit] : null;
}
