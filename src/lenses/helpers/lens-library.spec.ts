import { ValidationError } from '../../common/errors/api-errors';
import { libraryToJson, parseLensJson } from './lens-library';

const files = (json: unknown): Map<string, Buffer> =>
  new Map([
    ['lens.js', Buffer.from('x')],
    ['lens.json', Buffer.from(typeof json === 'string' ? json : JSON.stringify(json))],
  ]);

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    const item = (e as ValidationError).items[0];
    return `${item.message} | ${item.description}`;
  }
  throw new Error('expected a ValidationError');
}

describe('parseLensJson', () => {
  it('maps name/description/version to source fields and keeps unknown keys apart', () => {
    const meta = parseLensJson(files({ name: 'L', description: 'd', version: 2, helpUrl: '', thumbnailUrl: 'http://localhost/t.png', custom: [1] }));
    expect(meta).toEqual({
      sourceName: 'L',
      sourceDescription: 'd',
      sourceVersion: '2',
      helpEmail: null,
      helpUrl: null,
      thumbnailUrl: 'http://localhost/t.png',
      lensEventApiVersion: 1,
      metadata: { custom: [1] },
    });
  });

  it('takes lensEventApiVersion as an integer or a string of digits, like isInt', () => {
    expect(parseLensJson(files({ name: 'L', lensEventApiVersion: '3' })).lensEventApiVersion).toBe(3);
    for (const bad of ['Nope', 1.5, '1.5', true, 1e12, {}]) {
      expect(messageOf(() => parseLensJson(files({ name: 'L', lensEventApiVersion: bad })))).toMatch(
        /^Validation isInt on lensEventApiVersion failed/,
      );
    }
  });

  it('requires a valid name', () => {
    expect(messageOf(() => parseLensJson(files({})))).toMatch(/name is required in lens json/);
    expect(messageOf(() => parseLensJson(files({ name: '' })))).toMatch(/name is required in lens json/);
    for (const bad of ['a.b', 'a b', 'x'.repeat(61), 5, ['a']]) {
      expect(messageOf(() => parseLensJson(files({ name: bad })))).toMatch(/Name field should be max 60 characters/);
    }
  });

  it('refuses text that does not fit the columns, and bad emails and URLs', () => {
    expect(messageOf(() => parseLensJson(files({ name: 'L', description: 'd'.repeat(4097) })))).toMatch(/description/);
    expect(messageOf(() => parseLensJson(files({ name: 'L', description: { a: 1 } })))).toMatch(/description/);
    expect(messageOf(() => parseLensJson(files({ name: 'L', helpEmail: 'nope' })))).toMatch(/helpEmail/);
    expect(messageOf(() => parseLensJson(files({ name: 'L', helpUrl: 'not a url' })))).toMatch(/helpUrl/);
  });

  it('refuses a lens.json that is not a JSON object', () => {
    expect(messageOf(() => parseLensJson(files('{')))).toMatch(/not valid JSON/);
    expect(messageOf(() => parseLensJson(files('null')))).toMatch(/JSON object/);
    expect(messageOf(() => parseLensJson(files(`{"name":"L","pad":"${'x'.repeat(70_000)}"}`)))).toMatch(/at most/);
  });
});

describe('libraryToJson', () => {
  it('returns text as UTF-8 and png/jpg/jpeg (any case) as base64', () => {
    const bin = Buffer.from([0xff, 0xd8, 0x00]);
    const out = libraryToJson(
      new Map([
        ['lens.js', Buffer.from('é')],
        ['a.PNG', bin],
        ['b.jpg', bin],
        ['c.Jpeg', bin],
        ['d.gif', Buffer.from('GIF')],
      ]),
    );
    expect(out).toEqual({ 'lens.js': 'é', 'a.PNG': '/9gA', 'b.jpg': '/9gA', 'c.Jpeg': '/9gA', 'd.gif': 'GIF' });
  });
});
