import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { UserSummaryDto } from '../common/dto/user-summary.dto';
import { Token } from './token.entity';
import { TOKEN_KINDS, TokenKind } from './token-kind';

/** The token's user: the user summary without `fullName`. */
export class TokenOwnerDto extends PickType(UserSummaryDto, ['id', 'name', 'email'] as const) {}

/** A token as every response shows it: never the secret, never the digest. */
export class TokenRecord {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ maxLength: 60 }) name!: string;
  @ApiProperty({ enum: TOKEN_KINDS, description: '`user` for tokens people create; otherwise the record the server issued it for' })
  kind!: TokenKind;
  @ApiProperty({ type: String, nullable: true, description: 'The collector, generator, bot or room the token belongs to' })
  boundId!: string | null;
  @ApiProperty({ description: '"0", or the revocation time in ms since the epoch, as a string', example: '0' })
  isRevoked!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastUsed!: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) expiresAt!: Date | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt!: Date;
  @ApiProperty({ type: TokenOwnerDto }) user!: TokenOwnerDto;
}

/** The creation response: the record plus the secret, shown this once. */
export class CreatedTokenRecord extends TokenRecord {
  @ApiPropertyOptional({ description: 'The secret (rfk_…); shown only in this response', example: 'rfk_…' })
  token!: string;
}

export function toTokenRecord(t: Token): TokenRecord {
  return {
    id: t.id,
    name: t.name,
    kind: t.kind,
    boundId: t.boundId,
    isRevoked: String(t.isRevoked),
    lastUsed: t.lastUsed,
    expiresAt: t.expiresAt,
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
    user: { id: t.user!.id, name: t.user!.name, email: t.user!.email },
  };
}
