/** Where the database is: a URL, and whether it is the embedded engine. */
export interface DatabaseTarget {
  url: string;
  embedded: boolean;
}

/** Injection token of the running app's DatabaseTarget. */
export const DATABASE_TARGET = Symbol('DatabaseTarget');
