import { ValidationError } from '../../common/errors/api-errors';
import type { AtRestCipher } from '../../collectors/collector-cipher';
import type { ContextEntry } from '../../generator-templates/template-rules';

/** How a stored secret context value is shown by the API. */
export const SECRET_MASK = '********';

/** A context split into what is stored in clear and what is stored sealed. */
export interface SplitContext {
  context: Record<string, unknown>;
  secretContext: Record<string, string>;
}

function bad(message: string, value: string): ValidationError {
  return new ValidationError({ message, description: message, source: 'context', value });
}

/**
 * Checks a generator context against its template's contextDefinition (every key defined,
 * every required key given or defaulted) and seals the encrypted ones. A secret sent back as
 * the mask keeps the stored value; an encrypted key left out but with a default is sealed too
 * (the collector decrypts every encrypted key it finds).
 */
export function splitContext(
  given: Record<string, unknown>,
  definition: Record<string, ContextEntry>,
  storedSecrets: Record<string, string>,
  cipher: AtRestCipher,
): SplitContext {
  const unknown = Object.keys(given).filter((k) => !Object.prototype.hasOwnProperty.call(definition, k));
  if (unknown.length) throw bad(`Context key(s) not in the template's contextDefinition: ${unknown.join(', ')}`, unknown.join(','));
  const missing = Object.entries(definition)
    .filter(([k, d]) => d.required === true && given[k] === undefined && d.default === undefined)
    .map(([k]) => k);
  if (missing.length) throw bad(`Required context key(s) missing: ${missing.join(', ')}`, missing.join(','));
  const out: SplitContext = { context: {}, secretContext: {} };
  for (const [key, def] of Object.entries(definition)) {
    const value = given[key] !== undefined ? given[key] : def.encrypted ? def.default : undefined;
    if (value === undefined) continue;
    if (!def.encrypted) out.context[key] = value;
    else if (value === SECRET_MASK && storedSecrets[key]) out.secretContext[key] = storedSecrets[key];
    else if (typeof value !== 'string') throw bad(`Encrypted context key ${key} must be a string`, key);
    else out.secretContext[key] = cipher.seal(value);
  }
  return out;
}

/** The context as the API shows it: secrets masked. */
export function maskedContext(context: Record<string, unknown>, secretContext: Record<string, string>): Record<string, unknown> {
  return { ...context, ...Object.fromEntries(Object.keys(secretContext).map((k) => [k, SECRET_MASK])) };
}
