import type { DescribedRecordFieldsDto } from './dto/described-record.dto';
import { NotFoundError } from './errors/api-errors';
import { ListQuery, listRecords, ListSpec, parseFields, pickFields, RowsAndTotal } from './list-query';
import { ListPage } from './pagination';
import { mergeLinks, RelatedLink, unionTags, withoutLink, withoutTag } from './tag-link-ops';

type Query = Record<string, unknown>;

/** The stored properties subjects and aspects share. */
export interface DescribedFields {
  description: string | null;
  helpEmail: string | null;
  helpUrl: string | null;
  imageUrl: string | null;
  tags: string[];
  relatedLinks: RelatedLink[];
}

/** A subject or aspect as read back. */
export interface DescribedRow extends DescribedFields {
  id: string;
  name: string;
  ownerId: string | null;
}

/** What the shared reads and tag/link deletes need from a repository. */
export interface DescribedRecordStore<Row> {
  findByKey(key: string): Promise<Row | null>;
  findById(id: string): Promise<Row | null>;
  list(q: ListQuery): Promise<RowsAndTotal<Row>>;
  resolveOwner(owner: string): Promise<string>;
  setTagsAndLinks(id: string, tags: string[], links: RelatedLink[]): Promise<void>;
}

/** The resource: error source, list endpoint and presenter (which builds its response type). */
export interface DescribedKind<Row, View extends object> {
  source: string;
  listSpec: ListSpec;
  present(row: Row, deleted?: boolean): View;
}

/**
 * The shared fields after a write: each from the body when sent, else (PATCH, `current` given)
 * the stored one, with tags unioned and links merged by name, or (POST, PUT) its default.
 */
export function describedFields(dto: DescribedRecordFieldsDto, current: DescribedFields | null): DescribedFields {
  const pick = <T>(v: T | undefined, old: T | undefined, def: T): T => (v !== undefined ? v : current ? (old as T) : def);
  return {
    description: pick(dto.description, current?.description, null),
    helpEmail: pick(dto.helpEmail, current?.helpEmail, null),
    helpUrl: pick(dto.helpUrl, current?.helpUrl, null),
    imageUrl: pick(dto.imageUrl, current?.imageUrl, null),
    tags: current ? unionTags(current.tags, dto.tags ?? []) : (dto.tags ?? []),
    relatedLinks: current
      ? mergeLinks(current.relatedLinks, dto.relatedLinks ?? [])
      : (dto.relatedLinks ?? []).map((l) => ({ name: l.name, url: l.url })),
  };
}

/**
 * What the subjects and aspects services share: list, get, the tag / related-link deletes,
 * lookups by key or id and the owner-change rule. Each subclass adds its own writes.
 */
export abstract class DescribedRecordService<Row extends DescribedRow, View extends object> {
  protected constructor(
    private readonly store: DescribedRecordStore<Row>,
    private readonly kind: DescribedKind<Row, View>,
  ) {}

  list(query: Query): Promise<ListPage<Partial<View>>> {
    return listRecords(query, this.kind.listSpec, (q) => this.store.list(q), (r) => this.kind.present(r));
  }

  async get(key: string, query: Query): Promise<Partial<View>> {
    const fields = parseFields(query.fields, this.kind.listSpec);
    return pickFields(this.kind.present(await this.mustFind(key)), fields);
  }

  /** DELETE /{key}/tags[/{tag}]: all tags, or the one named (ignoring case; absent → unchanged). */
  async removeTags(key: string, tag?: string): Promise<View> {
    const current = await this.mustFind(key);
    await this.store.setTagsAndLinks(current.id, withoutTag(current.tags, tag), current.relatedLinks);
    return this.present(current.id);
  }

  /** DELETE /{key}/relatedLinks[/{name}]: all links, or the one named (ignoring case; absent → unchanged). */
  async removeLinks(key: string, name?: string): Promise<View> {
    const current = await this.mustFind(key);
    await this.store.setTagsAndLinks(current.id, current.tags, withoutLink(current.relatedLinks, name));
    return this.present(current.id);
  }

  protected async mustFind(key: string): Promise<Row> {
    const row = await this.store.findByKey(key);
    if (!row) throw new NotFoundError({ source: this.kind.source, value: key });
    return row;
  }

  /** The record `id` as answered after a write. */
  protected async present(id: string): Promise<View> {
    const row = await this.store.findById(id);
    if (!row) throw new NotFoundError({ source: this.kind.source, value: id });
    return this.kind.present(row);
  }

}
