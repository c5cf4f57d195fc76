import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ApiLink, apiLinks, deletedApiLinks, RECORD_METHODS } from '../common/api-links';
import { User } from './user.entity';

export class ProfileRefDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
}

/** A user as responses show it: never a password or hash; null fields omitted. */
export class UserRecord {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ maxLength: 254 }) name!: string;
  @ApiProperty({ maxLength: 254 }) email!: string;
  @ApiPropertyOptional({ maxLength: 256 }) fullName?: string;
  @ApiPropertyOptional() imageUrl?: string;
  @ApiProperty() sso!: boolean;
  @ApiPropertyOptional({ type: String, format: 'date-time' }) lastLogin?: string;
  @ApiProperty({ description: '"0", or the deletion time in ms since the epoch, as a string', example: '0' })
  isDeleted!: string;
  @ApiProperty({ type: ProfileRefDto }) profile!: ProfileRefDto;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ type: [ApiLink] }) apiLinks!: ApiLink[];
}

export function toUserRecord(u: User, deletedAt?: Date): UserRecord {
  const r: UserRecord = {
    id: u.id,
    name: u.name,
    email: u.email,
    sso: u.sso,
    isDeleted: deletedAt ? String(deletedAt.getTime()) : '0',
    profile: { id: u.profile!.id, name: u.profile!.name },
    createdAt: u.createdAt.toISOString(),
    updatedAt: u.updatedAt.toISOString(),
    apiLinks: deletedAt ? deletedApiLinks('/v1/users', 'user') : apiLinks('/v1/users', u.id, 'user', RECORD_METHODS),
  };
  if (u.fullName != null) r.fullName = u.fullName;
  if (u.imageUrl != null) r.imageUrl = u.imageUrl;
  if (u.lastLogin != null) r.lastLogin = u.lastLogin.toISOString();
  return r;
}
