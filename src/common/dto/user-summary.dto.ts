import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/**
 * A user embedded in a record (`user` = creator, `owner`, a writer): the one summary shape.
 * SQL builds the same object with `embeddedUserSql` (database/record-sql.ts); code with `userSummary`.
 */
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

/** The summary of a user row (`fullName` omitted when null, as `embeddedUserSql` does). */
export function userSummary(u: { id: string; name: string; email: string; fullName: string | null }): UserSummaryDto {
  const summary: UserSummaryDto = { id: u.id, name: u.name, email: u.email };
  if (u.fullName !== null) summary.fullName = u.fullName;
  return summary;
}
