import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata, UseGuards } from '@nestjs/common';
import { ApiForbiddenResponse, ApiNotFoundResponse, ApiQuery } from '@nestjs/swagger';
import { ResourceKind } from './resource-kind';
import { GuardedRequest, WRITER_REQUIREMENT, WriterRequirement, WritersGuard } from './writers.guard';
import type { WriterTarget } from './writers.repository';

/**
 * Route decorator: the caller must be allowed to write the record of `kind` whose key (UUID or
 * name; subjects: absolutePath; samples: `subject|aspect`, checked against the aspect) is the
 * route parameter `param`. Unknown record → 404, refused → 403; documents both and `?override`.
 */
export function RequireWriter(kind: ResourceKind, param = 'key'): MethodDecorator & ClassDecorator {
  const requirement: WriterRequirement = { kind, param };
  return applyDecorators(
    SetMetadata(WRITER_REQUIREMENT, requirement),
    UseGuards(WritersGuard),
    ApiQuery({
      name: 'override',
      required: false,
      enum: ['admin'],
      description: 'Administrators only: write a record they are not a writer of. From anyone else → 403.',
    }),
    ApiForbiddenResponse({
      description:
        kind === ResourceKind.Sample
          ? "UpdateDeleteForbidden: the caller is not a writer of the sample's aspect"
          : 'ForbiddenError: the record has writers and the caller is not one of them',
    }),
    ApiNotFoundResponse({ description: 'ResourceNotFoundError: no record with that key' }),
  );
}

/** Handler parameter: the record `@RequireWriter` resolved (id, name, writerIds). */
export const WriterTargetParam = createParamDecorator((_data: unknown, ctx: ExecutionContext): WriterTarget => {
  const target = ctx.switchToHttp().getRequest<GuardedRequest>().writerTarget;
  if (!target) throw new Error('WriterTargetParam used on a route without @RequireWriter');
  return target;
});
