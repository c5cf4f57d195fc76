import { IsOptional, IsString } from 'class-validator';
import { ApiValidationPipe } from './api-validation.pipe';

class QueryDto {
  @IsOptional()
  @IsString()
  name?: string;
}

describe('ApiValidationPipe', () => {
  const pipe = new ApiValidationPipe();

  it('answers plain route parameters and queries at once, converted as ValidationPipe converts them', () => {
    expect(pipe.transform('bench_open_0', { type: 'param', metatype: String, data: 'key' })).toBe('bench_open_0');
    expect(pipe.transform('42', { type: 'query', metatype: Number, data: 'limit' })).toBe(42);
    expect(pipe.transform('true', { type: 'query', metatype: Boolean, data: 'flag' })).toBe(true);
    const query = { fields: 'name' };
    expect(pipe.transform(query, { type: 'query', metatype: Object })).toBe(query);
  });

  it('still validates query DTOs (unknown parameters dropped) and bodies (asynchronously)', async () => {
    const q = pipe.transform({ name: 'a', other: 'b' }, { type: 'query', metatype: QueryDto });
    expect(q).toBeInstanceOf(Promise);
    expect(await q).toEqual({ name: 'a' });
    await expect(pipe.transform('not an object', { type: 'body', metatype: QueryDto }) as Promise<unknown>).rejects.toThrow();
  });
});
