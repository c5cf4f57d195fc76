import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../auth/caller';
import { DuplicateResourceError, ForbiddenError, NotFoundError } from '../common/errors/api-errors';
import { parseFields, parseListQuery, pickFields } from '../common/list-query';
import { ListPage } from '../common/pagination';
import { mergeLinks, unionTags, withoutLink, withoutTag } from '../common/tag-link-ops';
import { canChangeOwner, parseOverride } from '../writers/policy';
import { WritersService } from '../writers/writers.service';
import { CreateSubjectDto, PatchSubjectDto, PutSubjectDto, SubjectFieldsDto } from './dto/subject-body.dto';
import { buildHierarchy, parseDepth, parseHierarchyFilters } from './helpers/hierarchy';
import { presentSubject } from './helpers/subject-presenter';
import { childPath, isSameOrUnder, SubjectErrors } from './helpers/subject-rules';
import { SUBJECT_LIST_SPEC, SubjectRow, SubjectsRepository, SubjectWrite } from './subjects.repository';

type Query = Record<string, unknown>;
type Subject = Record<string, unknown>;
/** A parent as far as placement rules need it; null = root. */
type Parent = Pick<SubjectRow, 'id' | 'absolutePath' | 'isPublished'> | null;

/** Subjects: the hierarchy of things being monitored (reference §4.2–§4.3). */
@Injectable()
export class SubjectsService {
  constructor(
    private readonly repo: SubjectsRepository,
    private readonly writers: WritersService,
  ) {}

  async list(_caller: AuthenticatedUser, query: Query): Promise<ListPage<Partial<Subject>>> {
    const q = parseListQuery(query, SUBJECT_LIST_SPEC);
    const { rows, total } = await this.repo.list(q);
    return new ListPage(rows.map((r) => pickFields(presentSubject(r), q.fields)), total, q.limit, q.offset);
  }

  async get(_caller: AuthenticatedUser, key: string, query: Query): Promise<Partial<Subject>> {
    const fields = parseFields(query.fields, SUBJECT_LIST_SPEC);
    return pickFields(presentSubject(await this.mustFind(key)), fields);
  }

  /** POST /v1/subjects, or POST /v1/subjects/{parentKey}/child when `parentKey` is given. */
  async create(caller: AuthenticatedUser, dto: CreateSubjectDto, parentKey?: string): Promise<Subject> {
    const parent = parentKey !== undefined ? await this.mustFind(parentKey) : ((await this.resolveParent(dto)) ?? null);
    const isPublished = dto.isPublished ?? false;
    if (isPublished && parent && !parent.isPublished) throw SubjectErrors.publishedUnderUnpublished();
    const ownerId = dto.owner !== undefined ? await this.repo.resolveOwner(dto.owner) : caller.id;
    const write: SubjectWrite = {
      ...this.fieldsFrom(dto, null),
      name: dto.name,
      absolutePath: childPath(parent?.absolutePath, dto.name),
      parentId: parent?.id ?? null,
      isPublished,
      ownerId,
    };
    const id = await this.repo.insert(write, caller.id);
    return this.present(id);
  }

  /** PUT (`put` = true: missing properties reset, no parent = root) or PATCH. */
  async update(caller: AuthenticatedUser, key: string, dto: PutSubjectDto | PatchSubjectDto, put: boolean, query: Query): Promise<Subject> {
    const current = await this.mustFind(key);
    const parent = await this.placement(current, dto, put);
    const name = dto.name ?? current.name;
    const absolutePath = childPath(parent?.absolutePath, name);
    const moved = (parent?.id ?? null) !== current.parentId;
    if (absolutePath.toLowerCase() !== current.absolutePath.toLowerCase() && (await this.repo.pathTaken(absolutePath, current.id))) {
      throw moved
        ? SubjectErrors.existsUnderParent(absolutePath)
        : new DuplicateResourceError({ message: `A subject with absolutePath ${absolutePath} already exists`, source: 'Subject', value: absolutePath });
    }
    const isPublished = dto.isPublished ?? (put ? false : current.isPublished);
    if (isPublished && parent && !parent.isPublished) throw SubjectErrors.publishedUnderUnpublished();
    if (current.isPublished && !isPublished && (await this.repo.hasPublishedChild(current.id))) {
      throw SubjectErrors.unpublishWithPublishedChildren();
    }
    const write: SubjectWrite = {
      ...(put ? this.fieldsFrom(dto, null) : this.fieldsFrom(dto, current)),
      name,
      absolutePath,
      parentId: parent?.id ?? null,
      isPublished,
      ownerId: await this.nextOwner(caller, current, dto.owner, query),
    };
    await this.repo.update(current.id, write);
    return this.present(current.id);
  }

  /** DELETE /v1/subjects/{key}: 403 SubjectDeleteConstraintError while it has children. */
  async remove(_caller: AuthenticatedUser, key: string): Promise<Subject> {
    const current = await this.mustFind(key);
    if (!(await this.repo.deleteLeaf(current.id))) {
      throw new ForbiddenError({
        type: 'SubjectDeleteConstraintError',
        message: 'Not allowed to delete a subject with children. Delete its descendants first, or use DELETE /v1/subjects/{key}/hierarchy.',
        source: 'Subject',
        value: current.absolutePath,
      });
    }
    return presentSubject(current, true);
  }

  /** DELETE /v1/subjects/{key}/hierarchy: the caller must be allowed to write every subject deleted. */
  async removeHierarchy(caller: AuthenticatedUser, key: string, query: Query): Promise<Record<string, never>> {
    const current = await this.mustFind(key);
    await this.writers.assertCanWriteSubtree(current.id, caller, parseOverride(query));
    await this.repo.deleteSubtree(current.id);
    return {};
  }

  /** DELETE /v1/subjects/{key}/tags[/{tag}]. */
  async removeTags(_caller: AuthenticatedUser, key: string, tag?: string): Promise<Subject> {
    const current = await this.mustFind(key);
    await this.repo.setTagsAndLinks(current.id, withoutTag(current.tags, tag), current.relatedLinks);
    return this.present(current.id);
  }

  /** DELETE /v1/subjects/{key}/relatedLinks[/{name}]. */
  async removeLinks(_caller: AuthenticatedUser, key: string, name?: string): Promise<Subject> {
    const current = await this.mustFind(key);
    await this.repo.setTagsAndLinks(current.id, current.tags, withoutLink(current.relatedLinks, name));
    return this.present(current.id);
  }

  /** GET /v1/subjects/{key}/hierarchy: two set queries, the tree assembled in memory. */
  async hierarchy(_caller: AuthenticatedUser, key: string, query: Query): Promise<Subject> {
    const depth = parseDepth(query.depth);
    const filters = parseHierarchyFilters(query);
    const fields = parseFields(query.fields, SUBJECT_LIST_SPEC);
    const root = await this.repo.findByKey(key);
    if (!root || !root.isPublished) throw new NotFoundError({ source: 'Subject', value: key });
    const subjects = await this.repo.publishedSubtree(root, depth);
    const { samples, aspects } = await this.repo.subtreeSamples(root, depth);
    return buildHierarchy(root, subjects, samples, aspects, filters, (row) => pickFields(presentSubject(row), fields));
  }

  private async mustFind(key: string): Promise<SubjectRow> {
    const row = await this.repo.findByKey(key);
    if (!row) throw new NotFoundError({ source: 'Subject', value: key });
    return row;
  }

  private async present(id: string): Promise<Subject> {
    const row = await this.repo.findById(id);
    if (!row) throw new NotFoundError({ source: 'Subject', value: id });
    return presentSubject(row);
  }

  /**
   * The parent named by parentId and/or parentAbsolutePath: undefined when neither is given,
   * null for a root (parentAbsolutePath ""), else the subject. Unknown → 400, disagreeing → 400.
   */
  private async resolveParent(dto: SubjectFieldsDto): Promise<Parent | undefined> {
    const byId = dto.parentId !== undefined ? await this.repo.findById(dto.parentId) : undefined;
    if (byId === null) throw SubjectErrors.parentNotFound(String(dto.parentId));
    const path = dto.parentAbsolutePath;
    let byPath: SubjectRow | null | undefined;
    if (path !== undefined && path !== '') {
      byPath = await this.repo.findByPath(path);
      if (!byPath) throw SubjectErrors.parentNotFound(path);
    }
    if (byId && byPath && byId.id !== byPath.id) throw SubjectErrors.parentNotMatch();
    if (byId ?? byPath) return byId ?? byPath;
    return path === '' ? null : undefined;
  }

  /** Where the subject goes: the new parent (checked against cycles) or, when none is given, PUT → root, PATCH → the current one. */
  private async placement(current: SubjectRow, dto: SubjectFieldsDto, put: boolean): Promise<Parent> {
    const chosen = await this.resolveParent(dto);
    if (chosen === undefined) {
      if (put || !current.parentId) return null;
      return this.repo.findById(current.parentId);
    }
    if (chosen && isSameOrUnder(chosen.absolutePath, current.absolutePath)) throw SubjectErrors.selfParenting();
    return chosen;
  }

  /** Owner after a write: unchanged unless `owner` names someone else, which only the owner (or an admin with override) may do. */
  private async nextOwner(caller: AuthenticatedUser, current: SubjectRow, owner: string | undefined, query: Query): Promise<string | null> {
    if (owner === undefined) return current.ownerId;
    const ownerId = await this.repo.resolveOwner(owner);
    if (ownerId === current.ownerId) return ownerId;
    if (!canChangeOwner(caller, current.ownerId, parseOverride(query))) {
      throw new ForbiddenError({ source: 'Subject', description: 'Only the current owner, or an admin with override=admin, may change the owner.' });
    }
    return ownerId;
  }

  /** The plain writable fields: from the body, else from `current` (PATCH) or defaults (PUT, POST). */
  private fieldsFrom(dto: SubjectFieldsDto, current: SubjectRow | null): Omit<SubjectWrite, 'name' | 'absolutePath' | 'parentId' | 'isPublished' | 'ownerId'> {
    const pick = <T>(v: T | undefined, old: T, def: T): T => (v !== undefined ? v : current ? old : def);
    return {
      description: pick(dto.description, current?.description ?? null, null),
      helpEmail: pick(dto.helpEmail, current?.helpEmail ?? null, null),
      helpUrl: pick(dto.helpUrl, current?.helpUrl ?? null, null),
      imageUrl: pick(dto.imageUrl, current?.imageUrl ?? null, null),
      sortBy: pick(dto.sortBy, current?.sortBy ?? '', ''),
      geolocation: pick(dto.geolocation, current?.geolocation ?? null, null),
      tags: current ? unionTags(current.tags, dto.tags ?? []) : (dto.tags ?? []),
      relatedLinks: current ? mergeLinks(current.relatedLinks, dto.relatedLinks ?? []) : (dto.relatedLinks ?? []).map((l) => ({ name: l.name, url: l.url })),
    };
  }
}
