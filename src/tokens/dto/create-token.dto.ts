import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { ReadOnlyFields } from '../../common/validation/read-only-fields';

/** Body of POST /v1/tokens. */
@ReadOnlyFields('token', 'lastUsed', 'user', 'userId', 'digest')
export class CreateTokenDto {
  @ApiProperty({ minLength: 1, maxLength: 60, example: 'my-collector' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(60)
  name!: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'When the token stops working (in the future)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  expiresAt?: string;
}
