import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';

export const MAX_PAGE = 10000;

/** Query of token lists. */
export class ListTokensQuery {
  @ApiPropertyOptional({ description: 'Admins: only the tokens of this user (name or id)' })
  @IsOptional()
  @IsString()
  user?: string;

  @ApiPropertyOptional({ minimum: 1, default: MAX_PAGE, description: `Page size; larger values are capped at ${MAX_PAGE}` })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  limit?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 2147483647, default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(2147483647)
  offset?: number;
}
