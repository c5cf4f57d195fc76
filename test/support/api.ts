import type { Test } from 'supertest';
import type { TestApp } from './app';
import type { TestUser } from './identity';

/** Who calls: a user made by createUserWithToken, a raw token (admin's, a collector's…), or nobody (no Authorization header). */
export type Caller = TestUser | string | null;

type Body = string | object;

/** Requests as one caller; each returns supertest's Test (await it, or chain `.expect(…)`, `.set(…)`). */
export interface ApiClient {
  get(path: string): Test;
  post(path: string, body?: Body): Test;
  put(path: string, body?: Body): Test;
  patch(path: string, body?: Body): Test;
  delete(path: string, body?: Body): Test;
}

/** The typed API client of the specs: `api(t).as(user).post('/v1/subjects', { name })`. */
export function api(t: TestApp): { as(caller: Caller): ApiClient } {
  return {
    as(caller: Caller): ApiClient {
      const token = caller === null ? null : typeof caller === 'string' ? caller : caller.token;
      const send = (req: Test, body?: Body): Test => {
        if (token !== null) req.set('Authorization', token);
        return body === undefined ? req : req.send(body);
      };
      return {
        get: (path) => send(t.http().get(path)),
        post: (path, body) => send(t.http().post(path), body),
        put: (path, body) => send(t.http().put(path), body),
        patch: (path, body) => send(t.http().patch(path), body),
        delete: (path, body) => send(t.http().delete(path), body),
      };
    },
  };
}
