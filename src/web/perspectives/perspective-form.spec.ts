import { readZip } from '../../common/zip/zip-reader';
import { builtinLensZip } from './builtin-lens/builtin-lens.seeder';
import { filterQuery, ownThrottle } from './perspective-data.service';
import { formToBody, formValues, valuesOfPerspective } from './perspective-form';

describe('perspective form', () => {
  const base = { name: 'Fleet_All', rootSubject: 'Fleet', lensId: '2f4b8c3e-1d2a-4b5c-9d8e-7f6a5b4c3d2e' };

  it('turns comma lists into the API body, capitalising statuses and keeping include/exclude', async () => {
    const { body, error } = await formToBody(
      formValues({ ...base, aspectFilter: ' cpu, mem ,', aspectFilterType: 'INCLUDE', statusFilter: 'critical, OK', statusFilterType: 'bogus' }),
    );
    expect(error).toBeUndefined();
    expect(body).toMatchObject({ aspectFilter: ['cpu', 'mem'], aspectFilterType: 'INCLUDE', statusFilter: ['Critical', 'OK'], statusFilterType: 'EXCLUDE', subjectTagFilter: [] });
  });

  it('names the first problem in words and never throws on odd input', async () => {
    expect((await formToBody(formValues({ ...base, name: '' }))).error).toBe('Enter a name for the perspective.');
    expect((await formToBody(formValues({ ...base, name: ['a'] as unknown as string }))).error).toBe('Enter a name for the perspective.');
    expect((await formToBody(formValues({ ...base, aspectTagFilter: 'has space' }))).error).toMatch(/^Check aspectTagFilter: /);
    expect((await formToBody(formValues({ ...base, name: 'bad name' }))).error).toMatch(/^Check name: /);
  });

  it('shows a stored perspective with its lists joined', () => {
    const v = valuesOfPerspective({ ...base, lens: { id: base.lensId }, aspectFilter: ['a', 'b'], aspectFilterType: 'INCLUDE' });
    expect(v).toMatchObject({ lensId: base.lensId, aspectFilter: 'a, b', aspectFilterType: 'INCLUDE', statusFilter: '', statusFilterType: 'EXCLUDE' });
  });
});

describe('filterQuery', () => {
  it('writes the perspective filters as the hierarchy query (plain = include, "-" = exclude), empty ones left out', () => {
    expect(
      filterQuery({
        aspectFilter: ['cpu', 'mem'], aspectFilterType: 'INCLUDE',
        aspectTagFilter: ['infra'], aspectTagFilterType: 'EXCLUDE',
        subjectTagFilter: [], subjectTagFilterType: 'INCLUDE',
        statusFilter: ['OK'], statusFilterType: 'EXCLUDE',
      }),
    ).toEqual({ aspect: 'cpu,mem', aspectTags: '-infra', status: '-OK' });
  });
});

describe('ownThrottle', () => {
  it("takes a lens's own interval between realtime batches from its lens.json, whole milliseconds 0-60000 only", () => {
    expect(ownThrottle('{"realtimeEventThrottleMs":250}')).toBe(250);
    expect(ownThrottle('{"realtimeEventThrottleMs":0}')).toBe(0);
    for (const odd of ['{"realtimeEventThrottleMs":-1}', '{"realtimeEventThrottleMs":60001}', '{"realtimeEventThrottleMs":"250"}',
      '{"realtimeEventThrottleMs":2.5}', '{"name":"x"}', 'null', 'not json', undefined]) {
      expect(ownThrottle(odd)).toBeUndefined();
    }
  });
});

describe('the built-in lens zip', () => {
  it('is a zip our own reader accepts, with lens.js, lens.json and lens.css', async () => {
    const files = await readZip(builtinLensZip(), { maxEntries: 10, maxTotalBytes: 1 << 20 });
    expect([...files.keys()].sort()).toEqual(['lens.css', 'lens.js', 'lens.json']);
    expect(JSON.parse(files.get('lens.json')!.toString('utf8'))).toMatchObject({ name: 'RefocusStatusTree', lensEventApiVersion: 1, realtimeEventThrottleMs: 250 });
    expect(files.get('lens.js')!.toString('utf8')).toContain('refocus.lens.realtime.change');
  });
});
