

import { ReadOnlyFields } from '../../common/validation/read-only-fields';
import { IsRecordName } from '../../common/names';

/** Body of POST, PUT and PATCH /v1/profiles (admins only). The *Access flags of the original are ignored. */
@ReadOnlyFields('userCount', 'users', 'apiLinks', 'isDeleted')
export class ProfileBodyDto {
  @IsRecordName({ example: 'Operators' })
  name!: string;
}
