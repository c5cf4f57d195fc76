import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { StatusChangeEntity } from '../history/status-change.entity';
import { AuditEventEntity } from './audit-event.entity';
import { AuditEventsController } from './audit-events.controller';
import { AuditEventsService } from './audit-events.service';
import { AuditLog } from './audit-log.service';
import { AuditRepository } from './audit.repository';
import { BootConfigAudit } from './boot-config.audit';
import { RetentionJob } from './retention.job';
import { RetentionRepository } from './retention.repository';

/**
 * The audit log (issue 18). Global: any service injects `AuditLog` and records with one call.
 * Its request middleware (adminOverrideAudit) is mounted by createApp; the client address of an
 * event comes with its actor (the caller carries it), not from a request-scoped store.
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([AuditEventEntity, StatusChangeEntity])],
  controllers: [AuditEventsController],
  providers: [AuditRepository, RetentionRepository, AuditLog, AuditEventsService, BootConfigAudit, RetentionJob],
  exports: [AuditLog, RetentionJob],
})
export class AuditModule {}
