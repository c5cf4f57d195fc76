import { httpStatusOf } from '../errors/api-exception.filter';
import { ApiValidationPipe } from '../validation/api-validation.pipe';
import { ApiError } from '../errors/api-errors';
import { DescribedRecordFieldsDto } from './described-record.dto';

/** The tags and relatedLinks properties as subjects and aspects declare them (all else optional). */
class Body extends DescribedRecordFieldsDto {}

const pipe = new ApiValidationPipe();
const run = (value: unknown) => pipe.transform(value, { type: 'body', metatype: Body });
async function errorOf(value: unknown): Promise<ApiError> {
  try {
    await run(value);
  } catch (e) {
    return e as ApiError;
  }
  throw new Error('expected an error');
}

describe('tags and related links', () => {
  it('accepts good tags and links', async () => {
    await expect(run({ tags: ['ab', 'a-b_1'], relatedLinks: [{ name: 'a b', url: 'https://x' }] })).resolves.toBeDefined();
  });

  it('rejects a tag starting with - or too short as a schema error', async () => {
    expect((await errorOf({ tags: ['-na'] })).items[0].type).toBe('SCHEMA_VALIDATION_FAILED');
    expect((await errorOf({ tags: ['a'] })).items[0].type).toBe('SCHEMA_VALIDATION_FAILED');
  });

  it('rejects duplicate tags ignoring case', async () => {
    const e = await errorOf({ tags: ['___na', '___NA'] });
    expect(httpStatusOf(e)).toBe(400);
    expect(e.items[0].type).toBe('DuplicateFieldError');
  });

  it('rejects duplicate link names and too many tags', async () => {
    const e = await errorOf({ relatedLinks: [{ name: 'x', url: 'u' }, { name: 'x', url: 'v' }] });
    expect(e.items[0].message).toContain('Name of the relatedlinks should be unique');
    const many = Array.from({ length: 101 }, (_, i) => `t${i}`);
    expect(httpStatusOf(await errorOf({ tags: many }))).toBe(400);
  });
});
