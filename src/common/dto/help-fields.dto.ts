import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsString, MaxLength, ValidateIf } from 'class-validator';

/** Sent means set (null refused too); absent means default (POST, PUT) or unchanged (PATCH). */
export const present = ValidateIf((_o: object, v: unknown) => v !== undefined);

/** description, helpEmail and helpUrl: what collectors, templates and generators say about themselves. */
export class HelpFieldsDto {
  @ApiPropertyOptional({ maxLength: 4096 })
  @present
  @IsString()
  @MaxLength(4096)
  description?: string;

  @ApiPropertyOptional({ maxLength: 254 })
  @present
  @IsString()
  @MaxLength(254)
  helpEmail?: string;

  @ApiPropertyOptional({ maxLength: 2082 })
  @present
  @IsString()
  @MaxLength(2082)
  helpUrl?: string;
}

/** An optional list of strings (tags, names): at most `max`, each a string. */
export function StringList(description?: string, max = 100): PropertyDecorator {
  const decorators = [ApiPropertyOptional({ type: [String], description, maxItems: max }), present, IsArray(), ArrayMaxSize(max), IsString({ each: true })];
  return (target, key) => decorators.forEach((d) => d(target, key));
}
