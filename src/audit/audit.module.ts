import { Global, Module } from '@nestjs/common';
import { AuditEventsController } from './audit-events.controller';
import { AuditEventsService } from './audit-events.service';
import { AuditLog } from './audit-log.service';
import { AuditRepository } from './audit.repository';
import { BootConfigAudit } from './boot-config.audit';
import { RetentionJob } from './retention.job';

/**
 * The audit log (issue 18). Global: any service injects `AuditLog` and records with one call.
 * Its request middleware (auditContext, adminOverrideAudit) is mounted by createApp.
 */
@Global()
@Module({
  controllers: [AuditEventsController],
  providers: [AuditRepository, AuditLog, AuditEventsService, BootConfigAudit, RetentionJob],
  exports: [AuditLog, RetentionJob],
})
export class AuditModule {}
