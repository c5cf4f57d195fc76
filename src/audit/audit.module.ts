import { Global, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { AdminOverrideAudit } from './admin-override.middleware';
import { auditContext } from './audit-context';
import { AuditEventsController } from './audit-events.controller';
import { AuditEventsService } from './audit-events.service';
import { AuditLog } from './audit-log.service';
import { AuditRepository } from './audit.repository';
import { BootConfigAudit } from './boot-config.audit';
import { RetentionJob } from './retention.job';

/** The audit log (issue 18). Global: any service injects `AuditLog` and records with one call. */
@Global()
@Module({
  controllers: [AuditEventsController],
  providers: [AuditRepository, AuditLog, AuditEventsService, AdminOverrideAudit, BootConfigAudit, RetentionJob],
  exports: [AuditLog, RetentionJob],
})
export class AuditModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(auditContext, AdminOverrideAudit).forRoutes('{*splat}');
  }
}
