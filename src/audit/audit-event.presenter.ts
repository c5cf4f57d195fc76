import { ApiProperty } from '@nestjs/swagger';
import { AuditAction } from './audit-actions';
import type { AuditRow } from './audit.repository';

/** One audit event as `GET /v1/auditEvents` returns it. */
export class AuditEventRecord {
  @ApiProperty({ example: '42' }) id!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'The user who acted; null for a failed sign-in or the system' })
  actorId!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'admin@refocus.admin', description: 'User name (for a failed sign-in: the name tried)' })
  actorName!: string | null;
  @ApiProperty({ enum: Object.values(AuditAction) }) action!: string;
  @ApiProperty({ type: String, nullable: true, example: 'token' }) targetType!: string | null;
  @ApiProperty({ type: String, nullable: true }) targetId!: string | null;
  @ApiProperty({ type: String, nullable: true }) targetName!: string | null;
  @ApiProperty({ enum: ['success', 'failure', 'denied'] }) outcome!: string;
  @ApiProperty({ type: String, nullable: true, example: '203.0.113.7', description: 'Client address' }) address!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Facts about the event; never a secret' })
  details!: Record<string, unknown>;
}

export function toAuditEventRecord(r: AuditRow): AuditEventRecord {
  return {
    id: r.id,
    at: new Date(r.at).toISOString(),
    actorId: r.actorId,
    actorName: r.actorName,
    action: r.action,
    targetType: r.targetType,
    targetId: r.targetId,
    targetName: r.targetName,
    outcome: r.outcome,
    address: r.address,
    details: r.details,
  };
}
