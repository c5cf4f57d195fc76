import { ValidationError } from '../../common/errors/api-errors';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Room type rules are `[{rule: object, action: {name: string, parameters?: array}}]`; anything else → 400. */
export function assertRules(rules: unknown[]): void {
  rules.forEach((r, i) => {
    const ok =
      isObject(r) &&
      isObject(r.rule) &&
      isObject(r.action) &&
      typeof r.action.name === 'string' &&
      (r.action.parameters === undefined || Array.isArray(r.action.parameters));
    if (!ok) {
      throw new ValidationError({
        message: `rules[${i}] must be {rule: object, action: {name: string, parameters: array}}.`,
        source: 'rules',
        value: i,
        description: 'Invalid room type rule.',
      });
    }
  });
}
