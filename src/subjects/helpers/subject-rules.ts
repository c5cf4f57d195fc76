import { IllegalSelfParentingError, ParentSubjectNotFoundError, ParentSubjectNotMatchError, SubjectAlreadyExistsUnderParentError, ValidationError } from '../../common/errors/api-errors';

/** Builders of the subject validation errors of docs/REFOCUS-REFERENCE.md (all 400). */
export const SubjectErrors = {
  parentNotMatch: (): ValidationError =>
    new ParentSubjectNotMatchError({
      message: 'The parentId and the parentAbsolutePath you provided do not point to the same subject.',
      source: 'Subject',
    }),
  selfParenting: (): ValidationError =>
    new IllegalSelfParentingError({
      message: 'A subject cannot be its own parent or the parent of its ancestors.',
      source: 'Subject',
    }),
  parentNotFound: (value: string): ValidationError =>
    new ParentSubjectNotFoundError({ message: 'Parent subject not found', source: 'Subject', value }),
  existsUnderParent: (path: string): ValidationError =>
    new SubjectAlreadyExistsUnderParentError({
      message: `The new parent already has a subject at ${path}`,
      source: 'Subject',
      value: path,
    }),
  publishedUnderUnpublished: (): ValidationError =>
    new ValidationError({
      message: 'You cannot publish a subject under an unpublished parent.',
      description: 'You cannot publish a subject under an unpublished parent.',
      source: 'Subject',
    }),
  unpublishWithPublishedChildren: (): ValidationError =>
    new ValidationError({
      message: 'You cannot unpublish this subject until all its descendants are unpublished.',
      description: 'You cannot unpublish this subject until all its descendants are unpublished.',
      source: 'Subject',
    }),
};

/** absolutePath of `name` under a parent path ('' for a root). */
export function childPath(parentPath: string | null | undefined, name: string): string {
  return parentPath ? `${parentPath}.${name}` : name;
}

/** Is `path` the same as or under `ancestor` (ignoring case)? */
export function isSameOrUnder(path: string, ancestor: string): boolean {
  const p = path.toLowerCase();
  const a = ancestor.toLowerCase();
  return p === a || p.startsWith(`${a}.`);
}
