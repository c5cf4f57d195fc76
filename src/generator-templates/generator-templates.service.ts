import { Injectable } from '@nestjs/common';
import semver from 'semver';
import type { AuthenticatedUser } from '../auth/caller';
import { NotFoundError, ValidationError } from '../common/errors/api-errors';
import { listRecords } from '../common/list-query';
import type { ListPage } from '../common/pagination';
import type { GeneratorTemplateBodyDto, GeneratorTemplatePatchDto } from './dto/generator-template-body.dto';
import { GeneratorTemplatesRepository, TemplateRow } from './generator-templates.repository';
import { assertTemplateValid, ContextEntry, TemplateValues } from './template-rules';
import { TEMPLATE_LIST_SPEC } from './generator-templates.list';
import { GeneratorTemplateResponse, presentGeneratorTemplate as present } from './generator-template.presenter';

/** Generator templates: stored and served; the collector runs them. */
@Injectable()
export class GeneratorTemplatesService {
  constructor(private readonly repo: GeneratorTemplatesRepository) {}

  list(query: Record<string, unknown>): Promise<ListPage<Partial<GeneratorTemplateResponse>>> {
    return listRecords(query, TEMPLATE_LIST_SPEC, (q) => this.repo.list(q), present);
  }

  async get(key: string): Promise<GeneratorTemplateResponse> {
    return present(await this.find(key));
  }

  async getVersion(name: string, version: string): Promise<GeneratorTemplateResponse> {
    const row = await this.repo.findByNameVersion(name, version);
    if (!row) throw new NotFoundError({ source: 'GeneratorTemplate', value: `${name}/${version}` });
    return present(row);
  }

  async create(caller: AuthenticatedUser, body: GeneratorTemplateBodyDto): Promise<GeneratorTemplateResponse> {
    const values: TemplateValues = {
      name: body.name,
      version: body.version,
      description: body.description ?? null,
      author: body.author ?? null,
      repository: body.repository ?? null,
      connection: body.connection,
      contextDefinition: (body.contextDefinition ?? {}) as Record<string, ContextEntry>,
      transform: body.transform,
      helpEmail: body.helpEmail ?? null,
      helpUrl: body.helpUrl ?? null,
      isPublished: body.isPublished ?? false,
      tags: body.tags ?? [],
    };
    assertTemplateValid(values);
    const id = await this.repo.insert(values, caller.id);
    return present(await this.find(id));
  }

  async patch(key: string, body: GeneratorTemplatePatchDto): Promise<GeneratorTemplateResponse> {
    const current = await this.find(key);
    const given = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined)) as Partial<TemplateValues>;
    const values: TemplateValues = { ...valuesOf(current), ...given };
    assertTemplateValid(values);
    await this.repo.update(current.id, values);
    return present(await this.find(current.id));
  }

  async remove(key: string): Promise<GeneratorTemplateResponse> {
    const current = await this.find(key);
    await this.repo.delete(current.id);
    return present(current, true);
  }

  /**
   * The template a generator uses: the highest published version of `name` in the semver range
   * `range`. 400 when the range is malformed or nothing published matches.
   */
  async resolveForGenerator(name: string, range: string): Promise<TemplateRow> {
    if (semver.validRange(range) === null) {
      throw new ValidationError({ message: `generatorTemplate.version "${range}" is not a semver range`, source: 'generatorTemplate.version', value: range });
    }
    const rows = await this.repo.versionsOf(name, true);
    const best = semver.maxSatisfying(rows.map((r) => r.version), range);
    const row = rows.find((r) => r.version === best);
    if (!row) {
      throw new ValidationError({
        message: `No published generator template "${name}" matches version "${range}"`,
        source: 'generatorTemplate',
        value: `${name}@${range}`,
      });
    }
    return row;
  }

  private async find(key: string): Promise<TemplateRow> {
    const row = await this.repo.findByKey(key);
    if (!row) throw new NotFoundError({ source: 'GeneratorTemplate', value: key });
    return row;
  }
}

function valuesOf(r: TemplateRow): TemplateValues {
  const { name, version, description, author, repository, connection, contextDefinition, transform, helpEmail, helpUrl, isPublished, tags } = r;
  return { name, version, description, author, repository, connection, contextDefinition, transform, helpEmail, helpUrl, isPublished, tags };
}
