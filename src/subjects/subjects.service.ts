import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../auth/caller';
import { DescribedKind, describedFields, DescribedRecordService } from '../common/described-record.service';
import { DuplicateResourceError, NotFoundError, SubjectDeleteConstraintError } from '../common/errors/api-errors';
import { parseFields, pickFields } from '../common/list-query';
import { ResourceKind } from '../writers/resource-kind';
import { WritersService } from '../writers/writers.service';
import { FeedPublisher } from '../realtime/feed/feed-publisher';
import { EMPTY_SNAPSHOT } from '../realtime/feed/feed.repository';
import { CreateSubjectDto, PatchSubjectDto, PutSubjectDto, SubjectFieldsDto } from './dto/subject-body.dto';
import { buildHierarchy, HierarchyNode, parseDepth, parseHierarchyFilters } from './hierarchy';
import { presentSubject, SubjectResponse } from './subject.presenter';
import { childPath, isSameOrUnder, SubjectErrors } from './helpers/subject-rules';
import { SubjectHierarchyRepository } from './subject-hierarchy.repository';
import { SubjectRow, SubjectsRepository, SubjectWrite } from './subjects.repository';
import { SUBJECT_LIST_SPEC } from './subjects.list';
import { nextOwnerId } from '../writers/owner-change';

type Query = Record<string, unknown>;
/** A parent as far as placement rules need it; null = root. */
type Parent = Pick<SubjectRow, 'id' | 'absolutePath' | 'isPublished'> | null;

const SUBJECT_KIND: DescribedKind<SubjectRow, SubjectResponse> = { source: 'Subject', listSpec: SUBJECT_LIST_SPEC, present: presentSubject };

/** Subjects: the hierarchy of things being monitored (REFOCUS-REFERENCE.md §4.2–§4.3). */
@Injectable()
export class SubjectsService extends DescribedRecordService<SubjectRow, SubjectResponse> {
  constructor(
    private readonly repo: SubjectsRepository,
    private readonly writers: WritersService,
    private readonly feed: FeedPublisher,
    private readonly hierarchyRepo: SubjectHierarchyRepository,
  ) {
    super(repo, SUBJECT_KIND);
  }

  /**
   * POST /v1/subjects, or POST /v1/subjects/{parentKey}/child when `parentKey` is given (that
   * route's guard has checked the parent's writers already).
   */
  async create(caller: AuthenticatedUser, dto: CreateSubjectDto, parentKey?: string, override = false): Promise<SubjectResponse> {
    const parent = parentKey !== undefined ? await this.mustFind(parentKey) : ((await this.resolveParent(dto)) ?? null);
    if (parent && parentKey === undefined) await this.assertMayAddChild(caller, parent, override);
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
    await this.feed.published(EMPTY_SNAPSHOT, { subtree: id });
    return this.present(id);
  }

  /** PUT (`put` = true: missing properties reset, no parent = root) or PATCH. */
  async update(caller: AuthenticatedUser, key: string, dto: PutSubjectDto | PatchSubjectDto, put: boolean, override: boolean): Promise<SubjectResponse> {
    const current = await this.mustFind(key);
    const parent = await this.placement(current, dto, put);
    const name = dto.name ?? current.name;
    const absolutePath = childPath(parent?.absolutePath, name);
    const moved = (parent?.id ?? null) !== current.parentId;
    if (moved && parent) await this.assertMayAddChild(caller, parent, override);
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
      ownerId: await nextOwnerId(caller, current, dto.owner, override, (o) => this.repo.resolveOwner(o), 'Subject'),
    };
    // The whole subtree: a rename or move changes every descendant's path and sample names.
    await this.feed.track({ subtree: current.id }, () => this.repo.update(current.id, write));
    return this.present(current.id);
  }

  /** DELETE /v1/subjects/{key}: 403 SubjectDeleteConstraintError while it has children. */
  async remove(key: string): Promise<SubjectResponse> {
    const current = await this.mustFind(key);
    if (!(await this.feed.track({ subtree: current.id }, () => this.repo.deleteLeaf(current.id)))) {
      throw new SubjectDeleteConstraintError({
        message: 'Not allowed to delete a subject with children. Delete its descendants first, or use DELETE /v1/subjects/{key}/hierarchy.',
        source: 'Subject',
        value: current.absolutePath,
      });
    }
    return presentSubject(current, true);
  }

  /** DELETE /v1/subjects/{key}/hierarchy: the caller must be allowed to write every subject deleted. */
  async removeHierarchy(caller: AuthenticatedUser, key: string, override: boolean): Promise<Record<string, never>> {
    const current = await this.mustFind(key);
    await this.writers.assertCanWriteSubtree(current, caller, override);
    await this.feed.track({ subtree: current.id }, () => this.repo.deleteSubtree(current.id));
    return {};
  }

  /** DELETE …/tags[/{name}], published to the realtime feed (a re-tag removes and adds). */
  override async removeTags(key: string, tag?: string): Promise<SubjectResponse> {
    const current = await this.mustFind(key);
    return this.feed.track({ subtree: current.id }, () => super.removeTags(key, tag));
  }

  /** DELETE …/relatedLinks[/{name}], published to the realtime feed. */
  override async removeLinks(key: string, name?: string): Promise<SubjectResponse> {
    const current = await this.mustFind(key);
    return this.feed.track({ subtree: current.id }, () => super.removeLinks(key, name));
  }

  /** GET /v1/subjects/{key}/hierarchy: two set queries, the tree assembled in memory. */
  async hierarchy(key: string, query: Query): Promise<HierarchyNode> {
    const depth = parseDepth(query.depth);
    const filters = parseHierarchyFilters(query);
    const fields = parseFields(query.fields, SUBJECT_LIST_SPEC);
    const root = await this.repo.findByKey(key);
    if (!root || !root.isPublished) throw new NotFoundError({ source: 'Subject', value: key });
    const subjects = await this.hierarchyRepo.publishedSubtree(root, depth);
    const { samples, aspects } = await this.hierarchyRepo.subtreeSamples(root, depth);
    return buildHierarchy(root, subjects, samples, aspects, filters, (row) => pickFields(presentSubject(row), fields));
  }

  /** A write-protected subject takes new children (created or moved in) from its writers only. */
  private async assertMayAddChild(caller: AuthenticatedUser, parent: { id: string }, override: boolean): Promise<void> {
    await this.writers.assertCanWrite(ResourceKind.Subject, parent.id, caller, override);
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

  /** The plain writable fields: from the body, else from `current` (PATCH) or defaults (PUT, POST). */
  private fieldsFrom(dto: SubjectFieldsDto, current: SubjectRow | null): Omit<SubjectWrite, 'name' | 'absolutePath' | 'parentId' | 'isPublished' | 'ownerId'> {
    const pick = <T>(v: T | undefined, old: T, def: T): T => (v !== undefined ? v : current ? old : def);
    return {
      ...describedFields(dto, current),
      sortBy: pick(dto.sortBy, current?.sortBy ?? '', ''),
      geolocation: pick(dto.geolocation, current?.geolocation ?? null, null),
    };
  }
}
