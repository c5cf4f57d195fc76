import { Injectable } from '@nestjs/common';
import { NotFoundError, ValidationError } from '../../common/errors/api-errors';
import { queryValue } from '../../common/list-query';
import { HierarchyFilter, HierarchyFilters, parseHierarchyFilters } from '../../subjects/hierarchy';
import { FeedRepository, PerspectiveFilters } from './feed.repository';
import type { Subscription } from './subscription';

function stored(values: string[], type: string): HierarchyFilter | undefined {
  if (!values?.length) return undefined;
  return { include: type.toUpperCase() === 'INCLUDE', values: new Set(values.map((v) => v.toLowerCase())) };
}

function perspectiveFilters(p: PerspectiveFilters): HierarchyFilters {
  return {
    aspect: stored(p.aspectFilter, p.aspectFilterType),
    aspectTags: stored(p.aspectTagFilter, p.aspectTagFilterType),
    subjectTags: stored(p.subjectTagFilter, p.subjectTagFilterType),
    status: stored(p.statusFilter, p.statusFilterType),
  };
}

/**
 * What a client subscribes to: `p=<perspective name or id>`, or `root=<absolutePath>` and the
 * hierarchy's own filter parameters (parsed by the hierarchy's parser, so the rules are its).
 */
@Injectable()
export class FeedSubscriptions {
  constructor(private readonly repo: FeedRepository) {}

  async resolve(query: Record<string, unknown>): Promise<Subscription> {
    if (query.p !== undefined) {
      const key = queryValue('p', query.p);
      const p = key ? await this.repo.perspective(key) : null;
      if (!p) throw new NotFoundError({ message: 'Perspective not found', source: 'Perspective', value: key });
      return { root: await this.root(p.rootSubject), filters: perspectiveFilters(p) };
    }
    if (query.root === undefined) {
      throw new ValidationError({ message: 'Subscribe with p=<perspective> or root=<absolutePath>', source: 'root' });
    }
    const filters = parseHierarchyFilters(query);
    return { root: await this.root(queryValue('root', query.root)), filters };
  }

  private async root(path: string): Promise<string> {
    const found = path ? await this.repo.publishedSubjectPath(path) : null;
    if (!found) throw new NotFoundError({ message: 'Subject not found', source: 'Subject', value: path });
    return found;
  }
}
