import { ApiProperty } from '@nestjs/swagger';
import { SAMPLE_STATUSES } from '../../samples/status';
import type { StatusChangeRow } from '../history.repository';

/** One status change of a sample. */
export class StatusChangeRecord {
  @ApiProperty({ example: 'Fellowship.Gandalf|Temperature', description: "The sample's current name (history follows renames and moves)" })
  name!: string;
  @ApiProperty({ format: 'uuid' }) subjectId!: string;
  @ApiProperty({ format: 'uuid' }) aspectId!: string;
  @ApiProperty({ type: String, nullable: true, enum: SAMPLE_STATUSES, description: 'null: the sample was created' })
  fromStatus!: string | null;
  @ApiProperty({ enum: SAMPLE_STATUSES }) toStatus!: string;
  @ApiProperty({ description: 'The value that brought the change' }) value!: string;
  @ApiProperty({ type: String, nullable: true }) messageCode!: string | null;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

export function toStatusChangeRecord(r: StatusChangeRow): StatusChangeRecord {
  return {
    name: r.name,
    subjectId: r.subjectId,
    aspectId: r.aspectId,
    fromStatus: r.fromStatus,
    toStatus: r.toStatus,
    value: r.value,
    messageCode: r.messageCode,
    at: new Date(r.at).toISOString(),
  };
}

const STATUS_MAP = { type: 'object', additionalProperties: { type: 'number' }, example: { OK: 601200, Critical: 3600 } } as const;

/** Time in each status of one sample, or summed over many. */
export class StatusTimes {
  @ApiProperty({ description: 'Sample name, or the subject’s absolutePath' }) name!: string;
  @ApiProperty({ ...STATUS_MAP, description: 'Seconds in each status within the window' }) seconds!: Record<string, number>;
  @ApiProperty({ ...STATUS_MAP, description: 'Share of the observed time in each status, in percent (2 decimals)' })
  percent!: Record<string, number>;
  @ApiProperty({ description: 'Seconds with a known status (a sample created inside the window counts from then on)' })
  observedSeconds!: number;
}

/** Availability over a window: `GET /v1/samples/{key}/availability`, `GET /v1/subjects/{key}/availability`. */
export class AvailabilityRecord extends StatusTimes {
  @ApiProperty({ example: '7d' }) window!: string;
  @ApiProperty({ format: 'date-time' }) from!: string;
  @ApiProperty({ format: 'date-time' }) to!: string;
  @ApiProperty({ required: false, type: [StatusTimes], description: 'Subjects only: each sample of the subtree' })
  samples?: StatusTimes[];
}
