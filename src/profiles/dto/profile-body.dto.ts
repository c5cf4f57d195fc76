import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { ReadOnlyFields } from '../../common/validation/read-only-fields';

/** Body of POST, PUT and PATCH /v1/profiles (admins only). The *Access flags of the original are ignored. */
@ReadOnlyFields('userCount', 'users', 'apiLinks', 'isDeleted')
export class ProfileBodyDto {
  @ApiProperty({ maxLength: 60, pattern: '^[0-9A-Za-z_-]{1,60}$' })
  @IsString()
  @Matches(/^[0-9A-Za-z_-]{1,60}$/, { message: 'name must be 1 to 60 letters, digits, "_" or "-"' })
  name!: string;
}
