import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiResponse } from '@nestjs/swagger';
import { AuthenticatedUser, Caller } from '../auth/caller';
import { ApiListQuery, ApiResource } from '../common/api-docs';
import { ListPage, Paginated } from '../common/pagination';
import { AuditEventRecord } from './audit-event.presenter';
import { AuditEventsService } from './audit-events.service';

const filter = (name: string, description: string) => ApiQuery({ name, required: false, type: String, description });

@ApiResource('auditEvents')
@Controller('v1/auditEvents')
export class AuditEventsController {
  constructor(private readonly events: AuditEventsService) {}

  @Get()
  @Paginated()
  @ApiListQuery()
  @ApiOperation({
    summary: 'List audit events, newest first (admins only; read-only: no update or delete)',
    description: 'Filters take comma lists and `*` wildcards, compared ignoring case; also fields, sort, limit, offset.',
  })
  @filter('actor', 'Actor user name (for a failed sign-in: the name tried)')
  @filter('actorId', 'Actor user id')
  @filter('action', 'e.g. auth.login, token.revoke, writers.add, override.admin')
  @filter('target', 'Target name (token name, user name, record name, route)')
  @filter('targetId', 'Target id')
  @filter('targetType', 'token, user, subject, aspect, perspective, lens, route, config')
  @filter('outcome', 'success, failure or denied')
  @filter('from', 'Events at or after this time (ISO 8601 or epoch ms)')
  @filter('to', 'Events before this time (ISO 8601 or epoch ms)')
  @ApiOkResponse({ type: [AuditEventRecord] })
  @ApiResponse({ status: 403, description: 'Not an admin' })
  list(@Caller() caller: AuthenticatedUser, @Query() query: Record<string, unknown>): Promise<ListPage<Partial<AuditEventRecord>>> {
    return this.events.list(caller, query);
  }
}
