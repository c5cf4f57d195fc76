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
