import { ApiProperty, ApiPropertyOptional, IntersectionType, OmitType, PartialType, PickType } from '@nestjs/swagger';
import { IsEmail, IsNotEmpty, IsOptional, IsString, IsUrl, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { PASSWORD_MAX, PASSWORD_MIN } from '../../common/passwords';
import { ReadOnlyFields } from '../../common/validation/read-only-fields';

const USER_READ_ONLY = ['profile', 'sso', 'lastLogin', 'isDeleted', 'passwordHash', 'apiLinks', 'deletedAt'];

const present = (o: object, key: string): boolean => {
  const v = (o as Record<string, unknown>)[key];
  return v !== '' && v !== null && v !== undefined;
};

/** Body of POST /v1/users (admins only). */
@ReadOnlyFields(...USER_READ_ONLY)
export class CreateUserDto {
  @ApiProperty({ maxLength: 254 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(254)
  name!: string;

  @ApiProperty({ maxLength: 254, format: 'email' })
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ minLength: PASSWORD_MIN, maxLength: PASSWORD_MAX, writeOnly: true })
  @IsString()
  @MinLength(PASSWORD_MIN)
  @MaxLength(PASSWORD_MAX)
  password!: string;

  @ApiProperty({ description: 'Id (or name) of the profile; setting or changing it is for admins only' })
  @IsString()
  @IsNotEmpty()
  profileId!: string;

  @ApiPropertyOptional({ type: String, maxLength: 256, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  fullName?: string | null;

  @ApiPropertyOptional({ type: String, maxLength: 2082, nullable: true, description: 'A URL; "" clears it' })
  @ValidateIf((o: object) => present(o, 'imageUrl'))
  @IsUrl()
  @MaxLength(2082)
  imageUrl?: string | null;
}

/** Body of PUT /v1/users/{key}: name and email required; fullName and imageUrl left out are reset. */
@ReadOnlyFields(...USER_READ_ONLY)
export class PutUserDto extends IntersectionType(
  PickType(CreateUserDto, ['name', 'email'] as const),
  PartialType(OmitType(CreateUserDto, ['name', 'email'] as const)),
) {}

/** Body of PATCH /v1/users/{key}: every field optional. */
@ReadOnlyFields(...USER_READ_ONLY)
export class PatchUserDto extends PartialType(CreateUserDto) {}
