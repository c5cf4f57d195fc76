import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiPublic } from '../common/api-docs';

export const IS_PUBLIC = 'isPublic';

/** Marks a route as reachable without an API token; the only way out of the global token guard. */
export const Public = (): MethodDecorator & ClassDecorator => applyDecorators(SetMetadata(IS_PUBLIC, true), ApiPublic());
