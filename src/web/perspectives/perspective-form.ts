import { plainToInstance } from 'class-transformer';
import { validate, ValidationError as ClassValidationError } from 'class-validator';
import { PerspectiveBodyDto } from '../../perspectives/dto/perspective-body.dto';
import { FILTERS, PerspectiveFormValues } from './perspective-templates';

type Form = Record<string, unknown>;

const STATUSES = ['Critical', 'Invalid', 'Timeout', 'Warning', 'Info', 'OK'];

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

/** The form as posted, every field a trimmed string (so it can be shown again as typed). */
export function formValues(form: Form): PerspectiveFormValues {
  const v = {} as Record<keyof PerspectiveFormValues, string>;
  for (const field of ['name', 'rootSubject', 'lensId'] as const) v[field] = text(form[field]);
  for (const f of FILTERS) {
    v[f.field] = text(form[f.field]);
    v[`${f.field}Type`] = form[`${f.field}Type`] === 'INCLUDE' ? 'INCLUDE' : 'EXCLUDE';
  }
  return v;
}

/** A stored perspective as the form shows it. */
export function valuesOfPerspective(p: Record<string, unknown>): PerspectiveFormValues {
  const form: Form = { name: p.name, rootSubject: p.rootSubject, lensId: (p.lens as { id?: string } | undefined)?.id };
  for (const f of FILTERS) {
    form[f.field] = ((p[f.field] as string[] | undefined) ?? []).join(', ');
    form[`${f.field}Type`] = p[`${f.field}Type`];
  }
  return formValues(form);
}

function list(value: string, statuses = false): string[] {
  const items = value.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  // Statuses are stored capitalised; let people type "critical".
  return statuses ? items.map((s) => STATUSES.find((x) => x.toLowerCase() === s.toLowerCase()) ?? s) : items;
}

/** The form as the API's body, checked with the API's own rules: a body, or the first problem in words. */
export async function formToBody(v: PerspectiveFormValues): Promise<{ body?: PerspectiveBodyDto; error?: string }> {
  const plain: Record<string, unknown> = { name: v.name, rootSubject: v.rootSubject, lensId: v.lensId };
  for (const f of FILTERS) {
    plain[f.field] = list(v[f.field], f.field === 'statusFilter');
    plain[`${f.field}Type`] = v[`${f.field}Type`];
  }
  if (!v.name) return { error: 'Enter a name for the perspective.' };
  if (!v.rootSubject) return { error: 'Enter the root subject (its absolute path, e.g. Fleet.EU).' };
  if (!v.lensId) return { error: 'Choose a lens.' };
  const body = plainToInstance(PerspectiveBodyDto, plain);
  const problems = await validate(body);
  return problems.length ? { error: firstMessage(problems[0]) } : { body };
}

function firstMessage(e: ClassValidationError): string {
  const own = Object.values(e.constraints ?? {})[0];
  if (own) return `Check ${e.property}: ${own}.`;
  return e.children?.length ? firstMessage(e.children[0]) : `Check ${e.property}.`;
}
