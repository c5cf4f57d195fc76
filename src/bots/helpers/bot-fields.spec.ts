import { ValidationError } from '../../common/errors/api-errors';
import { botValues } from './bot-fields';

const base = { name: 'b', url: 'http://localhost:5000', version: '1.0.0' };

describe('botValues', () => {
  it('takes what the BDK sends: JSON strings, empty optional strings', () => {
    const v = botValues({ ...base, helpUrl: '', ownerUrl: '', displayName: '', actions: '[{"name":"a","parameters":[{"name":"p","type":"STRING"},{"name":"q","value":1}]}]', data: '[]', settings: '[{"key":"k","helpText":"h"}]' });
    expect(v).toMatchObject({ helpUrl: null, ownerUrl: null, displayName: null, active: false, data: [], settings: [{ key: 'k', helpText: 'h' }] });
    expect(v.actions[0].parameters).toHaveLength(2);
  });

  it.each([
    [{ url: undefined }],
    [{ url: 'nope' }],
    [{ version: '' }],
    [{ version: '12345678901' }],
    [{ name: 'a b' }],
    [{ displayName: 'x'.repeat(61) }],
    [{ actions: '{' }],
    [{ actions: '[1]' }],
    [{ actions: '[{"name":"a","parameters":[{"name":"p","type":"DATE"}]}]' }],
    [{ actions: '[{"name":"a","parameters":{}}]' }],
    [{ settings: '[{"key":1}]' }],
    [{ data: '[{"name":"d","type":2}]' }],
  ])('refuses %j', (change) => {
    expect(() => botValues({ ...base, ...change } as never)).toThrow(ValidationError);
  });
});
