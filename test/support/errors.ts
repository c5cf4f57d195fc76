import type { Response } from 'supertest';

/** Asserts the contract's error body and returns its first item. */
export function expectErrorBody(res: Response, status: number, type?: string): Record<string, unknown> {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/application\/json/);
  expect(Array.isArray(res.body.errors)).toBe(true);
  const first = res.body.errors[0] as Record<string, unknown>;
  for (const key of ['message', 'type', 'source', 'value', 'description']) expect(first).toHaveProperty(key);
  if (type) expect(first.type).toBe(type);
  const text = JSON.stringify(res.body);
  expect(text).not.toMatch(/\bat .+\.(ts|js):\d+/); // no stack frame
  expect(text).not.toMatch(/\/work\/|node_modules|\bSELECT\b|\bINSERT\b/); // no path, no SQL
  return first;
}
