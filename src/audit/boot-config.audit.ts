import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { AuditAction } from './audit-actions';
import { AuditLog } from './audit-log.service';

/** At every start: one `config.boot` event with the security-relevant settings this process runs with. */
@Injectable()
export class BootConfigAudit implements OnApplicationBootstrap {
  constructor(
    private readonly audit: AuditLog,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.audit.record({
      action: AuditAction.BootConfig,
      actor: { name: 'system' },
      target: { type: 'config', name: 'server' },
      address: null,
      details: {
        corsRoutes: this.config.corsRoutes,
        corsOrigins: this.config.corsOrigins,
        registrationOpen: !this.config.rejectLocalUserRegistration,
        trustProxy: String(this.config.trustProxy),
        statusHistoryDays: this.config.statusHistoryDays,
        auditRetentionDays: this.config.auditRetentionDays,
      },
    });
  }
}
