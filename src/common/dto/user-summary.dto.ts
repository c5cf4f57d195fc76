import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/**
 * A user embedded in a record (`user` = creator, `owner`, a writer): the one summary shape, of
 * repository rows and responses alike. SQL builds it with `embeddedUserSql`
 * (database/record-sql.ts); code with `userSummary`.
 */
export interface UserSummary {
  id: string;
  name: string;
  email: string;
  /** Omitted when the user has none. */
  fullName?: string;
}

/** UserSummary in the API document. */
export class UserSummaryDto implements UserSummary {
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
export function userSummary(u: { id: string; name: string; email: string; fullName: string | null }): UserSummary {
  const summary: UserSummary = { id: u.id, name: u.name, email: u.email };
  if (u.fullName !== null) summary.fullName = u.fullName;
  return summary;
}
