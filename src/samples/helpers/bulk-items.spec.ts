import { isItemError, validateBulkItem } from './bulk-items';

describe('validateBulkItem', () => {
  it('accepts a well-formed item and keeps absent fields as null', () => {
    const r = validateBulkItem({ name: 'Root.Child|CPU', value: '5', extra: 'ignored' });
    expect(isItemError(r)).toBe(false);
    expect(r).toEqual({
      name: 'Root.Child|CPU',
      parsed: { subjectPath: 'Root.Child', aspectName: 'CPU' },
      value: '5',
      messageCode: null,
      messageBody: null,
      relatedLinks: null,
    });
  });

  it('keeps related links and messages', () => {
    const r = validateBulkItem({ name: 'a|b', messageCode: 'E1', messageBody: 'm', relatedLinks: [{ name: 'run book', url: 'https://x' }] });
    expect(r).toMatchObject({ messageCode: 'E1', messageBody: 'm', relatedLinks: [{ name: 'run book', url: 'https://x' }] });
  });

  it.each([
    [null, null, 'JSON object'],
    ['a|b', null, 'JSON object'],
    [[{ name: 'a|b' }], null, 'JSON object'],
    [{ value: '1' }, null, 'name'],
    [{ name: 5 }, null, 'name'],
    [{ name: 'a|b', status: 'OK' }, 'a|b', 'read-only field: status'],
    [{ name: 'a|b', id: 'x' }, 'a|b', 'read-only field: id'],
    [{ name: 'a|b', createdAt: 'x' }, 'a|b', 'read-only field: createdAt'],
    [{ name: 'a|b', previousStatus: 'OK' }, 'a|b', 'read-only field: previousStatus'],
    [{ name: 'a b|c' }, 'a b|c', 'Invalid sample name'],
    [{ name: 'a|b|c' }, 'a|b|c', 'Invalid sample name'],
    [{ name: 'a|b', value: 5 }, 'a|b', 'value must be a string'],
    [{ name: 'a|b', value: 'x'.repeat(256) }, 'a|b', 'value must be shorter'],
    [{ name: 'a|b', messageCode: '123456' }, 'a|b', 'messageCode'],
    [{ name: 'a|b', messageBody: 'x'.repeat(4097) }, 'a|b', 'messageBody'],
    [{ name: 'a|b', relatedLinks: 'x' }, 'a|b', 'relatedLinks must be an array'],
    [{ name: 'a|b', relatedLinks: [{ name: 'a.b', url: 'u' }] }, 'a|b', 'relatedLinks.name'],
    [{ name: 'a|b', relatedLinks: [{ name: 'a', url: '' }] }, 'a|b', 'relatedLinks.url'],
    [{ name: 'a|b', relatedLinks: [{ name: 'a', url: 'u' }, { name: 'a', url: 'v' }] }, 'a|b', 'Name of the relatedlinks should be unique'],
  ])('refuses %p', (raw, name, message) => {
    const r = validateBulkItem(raw);
    expect(isItemError(r)).toBe(true);
    expect(r).toMatchObject({ name, type: 'ValidationError' });
    expect((r as { message: string }).message).toContain(message);
  });

  it('accepts a value of exactly 255 characters', () => {
    expect(isItemError(validateBulkItem({ name: 'a|b', value: 'x'.repeat(255) }))).toBe(false);
  });
});
