import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { type AuthenticatedUser, parseOverride } from '../auth/caller';
import { AuthenticationError } from '../common/errors/api-errors';
import { ResourceKind } from './resource-kind';
import { WritersService } from './writers.service';
import type { WriterTarget } from './writers.repository';

export const WRITER_REQUIREMENT = 'writers:requirement';

/** What `@RequireWriter` records on a handler. */
export interface WriterRequirement {
  kind: ResourceKind;
  param: string;
}

/** The record the guard resolved, kept on the request for the handler. */
export interface GuardedRequest extends Request {
  user?: AuthenticatedUser;
  writerTarget?: WriterTarget;
}

/** Allows a request only when the caller may write the record named by the route parameter. */
@Injectable()
export class WritersGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly writers: WritersService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<GuardedRequest>();
    const requirement = this.reflector.getAllAndOverride<WriterRequirement | undefined>(WRITER_REQUIREMENT, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!requirement) return true;
    if (!req.user) throw new AuthenticationError();
    const rawKey: unknown = req.params?.[requirement.param];
    const key = typeof rawKey === 'string' ? rawKey : '';
    // Looked up first: an unknown record is 404 whoever asks.
    const target = await this.writers.resolve(requirement.kind, key);
    this.writers.assertTarget(requirement.kind, target, req.user, parseOverride(req.query));
    req.writerTarget = target;
    return true;
  }
}
