import { ApiProperty } from '@nestjs/swagger';
import { ApiLink, apiLinks, deletedApiLinks, RECORD_METHODS } from '../common/api-links';
import { RECORD_NAME_PATTERN } from '../common/names';
import { Profile } from './profile.entity';

/** A profile as responses show it. */
export class ProfileRecord {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ maxLength: 60, pattern: RECORD_NAME_PATTERN.source }) name!: string;
  @ApiProperty({ description: 'Number of (active) users in this profile' }) userCount!: number;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ type: [ApiLink] }) apiLinks!: ApiLink[];
}

export function toProfileRecord(p: Profile, userCount: number, deleted = false): ProfileRecord {
  return {
    id: p.id,
    name: p.name,
    userCount,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
    apiLinks: deleted ? deletedApiLinks('/v1/profiles', 'profile') : apiLinks('/v1/profiles', p.id, 'profile', RECORD_METHODS),
  };
}
