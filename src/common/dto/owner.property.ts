import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

/** The optional `owner` of a bot-side record: a user name or id (default: the caller). */
export function OwnerProperty(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ description: 'User name or id of the owner (default: the caller).' }),
    IsOptional(),
    IsString(),
    MinLength(1),
    MaxLength(254),
  );
}
