import type { SqlRunner } from './owner';

export interface RelatedLink {
  name: string;
  url: string;
}

/** PATCH semantics for tags: the existing tags plus the new ones not already there (ignoring case). */
export function unionTags(existing: readonly string[], added: readonly string[]): string[] {
  const seen = new Set(existing.map((t) => t.toLowerCase()));
  const out = [...existing];
  for (const t of added) {
    if (!seen.has(t.toLowerCase())) {
      seen.add(t.toLowerCase());
      out.push(t);
    }
  }
  return out;
}

/** PATCH semantics for related links: replace the one with the same name, append the others. */
export function mergeLinks(existing: readonly RelatedLink[], added: readonly RelatedLink[]): RelatedLink[] {
  const out = existing.map((l) => ({ name: l.name, url: l.url }));
  for (const l of added) {
    const i = out.findIndex((o) => o.name === l.name);
    if (i >= 0) out[i] = { name: l.name, url: l.url };
    else out.push({ name: l.name, url: l.url });
  }
  return out;
}

/** The tags without `tag` (ignoring case); none when `tag` is undefined. An absent tag changes nothing. */
export function withoutTag(tags: readonly string[], tag: string | undefined): string[] {
  if (tag === undefined) return [];
  return tags.filter((t) => t.toLowerCase() !== tag.toLowerCase());
}

/** The links without the one named `name` (ignoring case); none when `name` is undefined. */
export function withoutLink(links: readonly RelatedLink[], name: string | undefined): RelatedLink[] {
  if (name === undefined) return [];
  return links.filter((l) => l.name.toLowerCase() !== name.toLowerCase());
}

/** Replaces a subject's or aspect's tags and related links only (the tag / link delete endpoints). */
export async function setTagsAndLinks(db: SqlRunner, table: 'subjects' | 'aspects', id: string, tags: string[], links: RelatedLink[]): Promise<void> {
  await db.query(`UPDATE ${table} SET tags = $1, related_links = $2::jsonb, updated_at = now() WHERE id = $3`, [tags, JSON.stringify(links), id]);
}
