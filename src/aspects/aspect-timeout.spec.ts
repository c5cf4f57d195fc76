import { TIMEOUT_SYNTAX, UNIT_SECONDS } from '../common/duration';
import { ASPECT_TIMEOUT_SECONDS_SQL } from './aspect.entity';

// The database computes timeout_seconds itself (a generated column, fixed by the InitialSchema
// migration); its units must stay those of the one duration table.
describe('the timeout_seconds expression', () => {
  it('multiplies by the seconds of each timeout unit', () => {
    const cases = [...ASPECT_TIMEOUT_SECONDS_SQL.matchAll(/WHEN '([a-z])' THEN (\d+)/g)].map((m) => [m[1], Number(m[2])]);
    const otherwise = /ELSE (\d+) END/.exec(ASPECT_TIMEOUT_SECONDS_SQL);
    const listed = new Set(cases.map(([unit]) => unit));
    const rest = TIMEOUT_SYNTAX.units.filter((u) => !listed.has(u));
    expect(rest).toHaveLength(1); // the ELSE branch
    expect([...cases, [rest[0], Number(otherwise?.[1])]].sort()).toEqual(TIMEOUT_SYNTAX.units.map((u) => [u, UNIT_SECONDS[u]]).sort());
  });
});
