import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** A user embedded in a record (`user` = creator, `owner`). */
export class UserSummaryDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'jane' })
  name!: string;

  @ApiProperty({ example: 'jane@example.com' })
  email!: string;

  @ApiPropertyOptional({ example: 'Jane Doe' })
  fullName?: string;
}
