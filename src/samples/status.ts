/**
 * Pure sample logic shared by every sample write path (single upsert, bulk upsert, POST, PUT,
 * PATCH), the timeout job and aspect range changes: status computation (REFOCUS-REFERENCE.md §5), status
 * transitions and aspect timeouts. The sample name parser is src/common/sample-name.ts.
 */

export const SAMPLE_STATUSES = ['Critical', 'Warning', 'Info', 'OK', 'Invalid', 'Timeout'] as const;
export type SampleStatus = (typeof SAMPLE_STATUSES)[number];

/** A range is null/absent or `[min, max]` (inclusive). */
export type StatusRange = readonly number[] | null | undefined;

/** The four ranges of an aspect, as the aspects table stores them. */
export interface StatusRanges {
  criticalRange?: StatusRange;
  warningRange?: StatusRange;
  infoRange?: StatusRange;
  okRange?: StatusRange;
}

/** Precedence on overlaps: the first matching range wins. */
const PRECEDENCE: ReadonlyArray<[keyof StatusRanges, SampleStatus]> = [
  ['criticalRange', 'Critical'],
  ['warningRange', 'Warning'],
  ['infoRange', 'Info'],
  ['okRange', 'OK'],
];

function inRange(n: number, range: StatusRange): boolean {
  if (!Array.isArray(range) || range.length !== 2) return false;
  const [min, max] = range as [unknown, unknown];
  if (typeof min !== 'number' || typeof max !== 'number') return false;
  return n >= min && n <= max;
}

/**
 * REFOCUS-REFERENCE.md §5: missing, non-string or "" → Invalid; exact "Timeout" → Timeout; "true"/"false"
 * (any case) → 1/0, else JavaScript Number() (so " 5 " → 5, "0x10" → 16, "  " → 0); NaN or in
 * no range → Invalid; inclusive ranges, Critical > Warning > Info > OK where they overlap.
 */
export function computeStatus(value: unknown, ranges: StatusRanges | null | undefined): SampleStatus {
  if (typeof value !== 'string' || value === '') return 'Invalid';
  if (value === 'Timeout') return 'Timeout';
  const lower = value.toLowerCase();
  const n = lower === 'true' ? 1 : lower === 'false' ? 0 : Number(value);
  if (Number.isNaN(n) || !ranges) return 'Invalid';
  for (const [key, status] of PRECEDENCE) {
    if (inRange(n, ranges[key])) return status;
  }
  return 'Invalid';
}

/** The status fields of a stored sample that take part in a transition. */
export interface StatusState {
  status: SampleStatus | string;
  previousStatus: SampleStatus | string;
  statusChangedAt: Date;
}

/**
 * The status fields after a write. New sample: previousStatus "Invalid", statusChangedAt now.
 * Status unchanged (whatever the value): previousStatus and statusChangedAt kept.
 * Status changed: previousStatus = old status, statusChangedAt = now.
 * (updatedAt is always now; the caller sets it.) The upsert, update and timeout SQL implement the
 * same rule; test/e2e/status-transitions.e2e-spec.ts runs them against this function.
 */
export function nextState(previous: StatusState | null | undefined, computed: SampleStatus, now: Date): StatusState {
  if (!previous) return { status: computed, previousStatus: 'Invalid', statusChangedAt: now };
  if (previous.status === computed) {
    return { status: computed, previousStatus: previous.previousStatus, statusChangedAt: previous.statusChangedAt };
  }
  return { status: computed, previousStatus: previous.status, statusChangedAt: now };
}

/** A stored sample of one aspect, as a range change reads it. */
export interface StoredSampleStatus {
  subjectId: string;
  value: string | null;
  status: string;
}

/** A status a range change writes back: the new status and, per `nextState`, the previous one. */
export interface StatusChange {
  subjectId: string;
  status: SampleStatus;
  previousStatus: string;
}

/**
 * The samples of one aspect whose status `computeStatus` changes under new ranges, with their
 * `nextState` (the caller stamps statusChangedAt; updatedAt stays: not a new reading).
 */
export function statusChanges(samples: readonly StoredSampleStatus[], ranges: StatusRanges): StatusChange[] {
  const now = new Date();
  const changes: StatusChange[] = [];
  for (const s of samples) {
    const computed = computeStatus(s.value, ranges);
    if (computed === s.status) continue; // unchanged: nothing to write (nextState keeps all)
    // Changed: nextState moves the old status to previousStatus (its previousStatus is not read).
    const next = nextState({ status: s.status, previousStatus: s.status, statusChangedAt: now }, computed, now);
    changes.push({ subjectId: s.subjectId, status: computed, previousStatus: next.previousStatus });
  }
  return changes;
}
