import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../auth/caller';
import { NotFoundError, ValidationError } from '../common/errors/api-errors';
import { listRecords } from '../common/list-query';
import type { ListPage } from '../common/pagination';
import { AssignmentService } from '../collectors/assignment.service';
import type { CollectorGroupBodyDto, CollectorGroupPatchDto } from './dto/collector-group-body.dto';
import { CollectorGroupRow, CollectorGroupsRepository } from './collector-groups.repository';
import { CollectorGroupResponse, presentCollectorGroup as present } from './collector-group.presenter';
import { GROUP_LIST_SPEC } from './collector-groups.list';

/** Collector groups: CRUD and membership; every membership change re-runs the assignment. */
@Injectable()
export class CollectorGroupsService {
  constructor(
    private readonly repo: CollectorGroupsRepository,
    private readonly assignment: AssignmentService,
  ) {}

  list(query: Record<string, unknown>): Promise<ListPage<Partial<CollectorGroupResponse>>> {
    return listRecords(query, GROUP_LIST_SPEC, (q) => this.repo.list(q), present);
  }

  async get(key: string): Promise<CollectorGroupResponse> {
    return present(await this.find(key));
  }

  async create(caller: AuthenticatedUser, body: CollectorGroupBodyDto): Promise<CollectorGroupResponse> {
    const members = await this.members(body.collectors ?? [], null);
    const id = await this.repo.insert(body.name, body.description ?? null, caller.id);
    await this.setMembers(id, members, false);
    return present(await this.find(id));
  }

  async replace(key: string, body: CollectorGroupBodyDto): Promise<CollectorGroupResponse> {
    const current = await this.find(key);
    const members = await this.members(body.collectors ?? [], current.id);
    await this.repo.update(current.id, body.name, body.description ?? null);
    await this.setMembers(current.id, members, true);
    return present(await this.find(current.id));
  }

  async patch(key: string, body: CollectorGroupPatchDto): Promise<CollectorGroupResponse> {
    const current = await this.find(key);
    const members = body.collectors === undefined ? undefined : await this.members(body.collectors, current.id);
    await this.repo.update(current.id, body.name ?? current.name, body.description !== undefined ? body.description : current.description);
    if (members) await this.setMembers(current.id, members, true);
    return present(await this.find(current.id));
  }

  async remove(key: string): Promise<CollectorGroupResponse> {
    const current = await this.find(key);
    await this.repo.delete(current.id);
    await this.assignment.rebalance();
    return present(current, true);
  }

  /** POST /{key}/collectors: adds collectors by name (each in no other group). */
  async addCollectors(key: string, body: unknown): Promise<CollectorGroupResponse> {
    const current = await this.find(key);
    const members = await this.members(collectorNames(body), current.id);
    await this.repo.setGroupOf(members, current.id);
    await this.assignment.rebalance();
    return present(await this.find(current.id));
  }

  /** DELETE /{key}/collectors: removes the named collectors (all when the body names none). */
  async removeCollectors(key: string, body: unknown): Promise<CollectorGroupResponse> {
    const current = await this.find(key);
    const names = body === undefined || body === null || (typeof body === 'object' && Object.keys(body).length === 0) ? null : collectorNames(body);
    if (names === null) {
      await this.repo.clearMembers(current.id);
    } else {
      const ids = new Set(current.collectors.map((c) => c.id));
      const found = await this.repo.collectorsNamed(names);
      const missing = names.filter((n) => !found.some((c) => c.name.toLowerCase() === n.toLowerCase() && ids.has(c.id)));
      if (missing.length) throw badCollectors(`Not in collector group "${current.name}": ${missing.join(', ')}`, missing);
      await this.repo.setGroupOf(found.map((c) => c.id), null);
    }
    await this.assignment.rebalance();
    return present(await this.find(current.id));
  }

  /** The ids of the named collectors; 400 when one is unknown or in another group. */
  private async members(names: string[], groupId: string | null): Promise<string[]> {
    if (names.length === 0) return [];
    const found = await this.repo.collectorsNamed(names);
    const missing = names.filter((n) => !found.some((c) => c.name.toLowerCase() === n.toLowerCase()));
    if (missing.length) throw badCollectors(`Unknown collector(s): ${missing.join(', ')}`, missing);
    const elsewhere = found.filter((c) => c.groupId !== null && c.groupId !== groupId);
    if (elsewhere.length) {
      throw badCollectors(`Already in another collector group: ${elsewhere.map((c) => c.name).join(', ')}`, elsewhere.map((c) => c.name));
    }
    return found.map((c) => c.id);
  }

  private async setMembers(groupId: string, ids: string[], replace: boolean): Promise<void> {
    if (replace) await this.repo.clearMembers(groupId);
    if (ids.length) await this.repo.setGroupOf(ids, groupId);
    await this.assignment.rebalance();
  }

  private async find(key: string): Promise<CollectorGroupRow> {
    const row = await this.repo.findByKey(key);
    if (!row) throw new NotFoundError({ source: 'CollectorGroup', value: key });
    return row;
  }
}

/** A body of collector names: an array, or `{collectors: [...]}`. */
function collectorNames(body: unknown): string[] {
  const list = Array.isArray(body) ? body : (body as { collectors?: unknown } | null)?.collectors;
  if (!Array.isArray(list) || list.length === 0 || list.length > 1000 || !list.every((n) => typeof n === 'string' && n.length > 0)) {
    throw new ValidationError({ message: 'The body must be a non-empty array of collector names (or {collectors: [...]})', source: 'collectors' });
  }
  return list as string[];
}

function badCollectors(message: string, names: string[]): ValidationError {
  return new ValidationError({ message, description: message, source: 'collectors', value: names.join(',') });
}
