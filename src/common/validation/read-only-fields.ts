import 'reflect-metadata';

const READ_ONLY = Symbol('readOnlyFields');

/** Server-owned properties no request body may carry on any resource. */
export const SERVER_OWNED_FIELDS = ['id', 'createdBy', 'writers', 'createdAt', 'updatedAt', 'isRevoked'];

/** Declares on a body DTO the properties only the server may set: sending one is a 400. */
export function ReadOnlyFields(...fields: string[]): ClassDecorator {
  return (target) => {
    Reflect.defineMetadata(READ_ONLY, [...SERVER_OWNED_FIELDS, ...fields], target);
  };
}

export function readOnlyFieldsOf(target: unknown): string[] | undefined {
  return typeof target === 'function' ? (Reflect.getMetadata(READ_ONLY, target) as string[] | undefined) : undefined;
}
