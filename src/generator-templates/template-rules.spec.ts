import { assertSemver, assertTemplateValid, TemplateValues } from './template-rules';

const valid: TemplateValues = {
  name: 't',
  version: '1.2.3',
  description: null,
  author: null,
  repository: null,
  connection: { url: 'https://x/{{a}}', headers: { A: '{{a}}' }, bulk: true },
  contextDefinition: { a: { description: 'a', required: true, encrypted: true } },
  transform: { default: ['return [];'] },
  helpEmail: null,
  helpUrl: null,
  isPublished: true,
  tags: [],
};

describe('template rules', () => {
  it('accepts MAJOR.MINOR.PATCH (and pre-releases), refuses the rest', () => {
    expect(() => assertSemver('1.0.0')).not.toThrow();
    expect(() => assertSemver('1.0.0-beta.1')).not.toThrow();
    for (const v of ['1.0', '1', 'v1.0.0.0', 'latest', '']) expect(() => assertSemver(v)).toThrow(/semantic version/);
  });

  it('accepts a complete template', () => {
    expect(() => assertTemplateValid(valid)).not.toThrow();
    expect(() => assertTemplateValid({ ...valid, connection: { toUrl: ['return "https://x";'] } })).not.toThrow();
  });

  it.each([
    ['no url or toUrl', { connection: { method: 'GET' } }, /url/],
    ['headers not an object', { connection: { url: 'https://x', headers: 'A: b' } }, /headers/],
    ['bulk not a boolean', { connection: { url: 'https://x', bulk: 'yes' } }, /bulk/],
    ['transform without a body', { transform: { default: 42 } }, /transform/],
    ['a context key that is not an object', { contextDefinition: { a: 'x' } }, /contextDefinition\.a/],
    ['encrypted not a boolean', { contextDefinition: { a: { encrypted: 'yes' } } }, /encrypted/],
    ['no connection', { connection: undefined }, /required property: connection/],
    ['no transform', { transform: undefined }, /required property: transform/],
  ])('refuses %s', (_name, change, message) => {
    expect(() => assertTemplateValid({ ...valid, ...(change as Partial<TemplateValues>) })).toThrow(message);
  });
});
