import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsNotEmpty, IsString, MaxLength, MinLength } from 'class-validator';
import { ReadOnlyFields } from '../../common/validation/read-only-fields';
import { PASSWORD_MAX, PASSWORD_MIN } from '../../common/passwords';

/** Body of POST /v1/authenticate. */
@ReadOnlyFields()
export class AuthenticateDto {
  @ApiProperty({ maxLength: 254 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(254)
  username!: string;

  @ApiProperty({ writeOnly: true })
  @IsString()
  @IsNotEmpty()
  @MaxLength(PASSWORD_MAX)
  password!: string;
}

/** Body of POST /v1/register. */
@ReadOnlyFields('profile', 'profileId', 'sso', 'isDeleted', 'token')
export class RegisterDto {
  @ApiProperty({ maxLength: 254 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(254)
  username!: string;

  @ApiProperty({ minLength: PASSWORD_MIN, maxLength: PASSWORD_MAX, writeOnly: true })
  @IsString()
  @MinLength(PASSWORD_MIN)
  @MaxLength(PASSWORD_MAX)
  password!: string;

  @ApiProperty({ maxLength: 254, format: 'email' })
  @IsEmail()
  @MaxLength(254)
  email!: string;
}
