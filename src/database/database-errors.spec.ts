import { QueryFailedError } from 'typeorm';
import { isDatabaseUnavailable, timeoutKindOf, translatingViolations, translateViolation, violationOf } from './database-errors';

const withCode = (message: string, code?: string) => Object.assign(new Error(message), code ? { code } : {});
const failed = (driverError: Error) => new QueryFailedError('SELECT 1', [], driverError);

describe('isDatabaseUnavailable', () => {
  it('recognises unreachable, lost, overloaded and timed-out databases, wrapped by TypeORM or not', () => {
    for (const e of [
      withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'),
      withCode('read ECONNRESET', 'ECONNRESET'),
      new Error('timeout exceeded when trying to connect'),
      new Error('Connection terminated unexpectedly'),
      new Error('Connection terminated due to connection timeout'),
      new Error('Query read timeout'),
      withCode('canceling statement due to statement timeout', '57014'),
      withCode('terminating connection due to administrator command', '57P01'),
      withCode('the database system is starting up', '57P03'),
      withCode('sorry, too many clients already', '53300'),
      withCode('connection failure', '08006'),
      Object.assign(new Error('released'), { name: 'QueryRunnerAlreadyReleasedError' }),
    ]) {
      expect([e.message, isDatabaseUnavailable(e)]).toEqual([e.message, true]);
      expect([e.message, isDatabaseUnavailable(failed(e))]).toEqual([e.message, true]);
    }
  });

  it('leaves answers of a working database alone (they are the request\'s fault, or a bug)', () => {
    for (const e of [
      withCode('duplicate key value violates unique constraint', '23505'),
      withCode('invalid input syntax for type uuid', '22P02'),
      withCode('password authentication failed for user "x"', '28P01'),
      withCode('syntax error at or near "x"', '42601'),
      new Error('something else'),
    ]) {
      expect([e.message, isDatabaseUnavailable(failed(e))]).toEqual([e.message, false]);
    }
    expect(isDatabaseUnavailable('a string')).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
  });

  it('tells connection waits from statement limits', () => {
    expect(timeoutKindOf(new Error('timeout exceeded when trying to connect'))).toBe('connect');
    expect(timeoutKindOf(failed(new Error('Query read timeout')))).toBe('statement');
    expect(timeoutKindOf(failed(withCode('canceling statement due to statement timeout', '57014')))).toBe('statement');
    expect(timeoutKindOf(new Error('Connection terminated unexpectedly'))).toBeUndefined();
  });
});

describe('translateViolation', () => {
  const violation = (code: string, constraint?: string) => failed(Object.assign(new Error('violates'), { code, constraint }));
  const duplicate = new Error('duplicate');
  const noLens = new Error('no lens');
  const errors = {
    unique: () => duplicate,
    foreignKey: (constraint: string) => (constraint === 'perspectives_lens_id_fkey' ? noLens : undefined),
  };

  it('turns the violations it is given into their domain errors, foreign keys by constraint name', () => {
    expect(translateViolation(violation('23505', 'lenses_name_uq'), errors)).toBe(duplicate);
    expect(translateViolation(violation('23503', 'perspectives_lens_id_fkey'), errors)).toBe(noLens);
    expect(violationOf(violation('22001'))).toEqual({ kind: 'tooLong', constraint: '' });
  });

  it('rethrows what it is not given: another key, another kind, an error that is no query failure', () => {
    for (const e of [violation('23503', 'perspectives_owner_id_fkey'), violation('22001'), violation('22P02'), new Error('23505')]) {
      expect(translateViolation(e, errors)).toBe(e);
    }
  });

  it('wraps a write', async () => {
    await expect(translatingViolations(errors, () => Promise.reject(violation('23505')))).rejects.toBe(duplicate);
    await expect(translatingViolations(errors, () => Promise.resolve(7))).resolves.toBe(7);
  });
});
