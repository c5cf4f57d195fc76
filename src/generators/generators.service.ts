import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../auth/caller';
import { NotFoundError, ValidationError } from '../common/errors/api-errors';
import { listRecords } from '../common/list-query';
import type { ListPage } from '../common/pagination';
import { AssignmentService } from '../collectors/assignment.service';
import { GeneratorTemplatesService } from '../generator-templates/generator-templates.service';
import { TokensService } from '../tokens/tokens.service';
import type { GeneratorBodyDto, GeneratorPatchDto } from './dto/generator-body.dto';
import { GeneratorRow, GeneratorsRepository, GeneratorValues } from './generators.repository';
import { isWriter } from '../writers/policy';
import { maskedContext, splitContext } from './helpers/generator-context';
import { GENERATOR_LIST_SPEC } from './generators.list';
import { GeneratorResponse, presentGenerator as present } from './generator.presenter';
import { SecretContextCipher } from './secret-context.cipher';

/** What a generator write asks for, before the rules run. */
type Draft = Omit<GeneratorValues, 'context' | 'secretContext' | 'collectorGroupId'> & {
  context: Record<string, unknown>;
  collectorGroup: string | null;
};

/** Sample generators: CRUD with the template, context, aspect and group rules; assignment after each change. */
@Injectable()
export class GeneratorsService {
  constructor(
    private readonly repo: GeneratorsRepository,
    private readonly templates: GeneratorTemplatesService,
    private readonly assignment: AssignmentService,
    private readonly cipher: SecretContextCipher,
    private readonly tokens: TokensService,
  ) {}

  list(query: Record<string, unknown>): Promise<ListPage<Partial<GeneratorResponse>>> {
    return listRecords(query, GENERATOR_LIST_SPEC, (q) => this.repo.list(q), present);
  }

  async get(key: string): Promise<GeneratorResponse> {
    return present(await this.find(key));
  }

  async create(caller: AuthenticatedUser, body: GeneratorBodyDto): Promise<GeneratorResponse> {
    const values = await this.checked(caller.id, draftOf(body, null), {});
    const id = await this.repo.insert(values, caller.id);
    await this.assignment.rebalance();
    return present(await this.find(id));
  }

  async replace(key: string, body: GeneratorBodyDto): Promise<GeneratorResponse> {
    const current = await this.find(key);
    return this.save(current, draftOf(body, null));
  }

  async patch(key: string, body: GeneratorPatchDto): Promise<GeneratorResponse> {
    const current = await this.find(key);
    return this.save(current, draftOf(body, current));
  }

  async remove(caller: AuthenticatedUser, key: string): Promise<GeneratorResponse> {
    const current = await this.find(key);
    await this.repo.delete(current.id);
    await this.tokens.revokeBoundTokens('generator', current.id, caller);
    return present(current, true);
  }

  private async save(current: GeneratorRow, draft: Draft): Promise<GeneratorResponse> {
    // The rules are checked for the generator's creator, whose token the generator acts with.
    const values = await this.checked(current.createdBy ?? '', draft, current.secretContext);
    await this.repo.update(current.id, values);
    await this.assignment.rebalance();
    return present(await this.find(current.id));
  }

  /** The template, context, aspects and group rules; the stored values when they pass. */
  private async checked(creatorId: string, d: Draft, storedSecrets: Record<string, string>): Promise<GeneratorValues> {
    const template = await this.templates.resolveForGenerator(d.templateName, d.templateVersion);
    const { context, secretContext } = splitContext(d.context, template.contextDefinition, storedSecrets, this.cipher);
    await this.assertAspectsWritable(creatorId, d.aspects);
    const collectorGroupId = d.collectorGroup === null ? null : await this.repo.groupId(d.collectorGroup);
    if (d.collectorGroup !== null && collectorGroupId === null) {
      throw new ValidationError({ message: `Unknown collector group "${d.collectorGroup}"`, source: 'collectorGroup', value: d.collectorGroup });
    }
    const { collectorGroup: _g, ...rest } = d;
    return { ...rest, context, secretContext, collectorGroupId };
  }

  private async assertAspectsWritable(creatorId: string, names: string[]): Promise<void> {
    const found = await this.repo.aspectsNamed(names);
    const missing = names.filter((n) => !found.some((a) => a.name.toLowerCase() === n.toLowerCase()));
    if (missing.length) throw aspectError(`Unknown aspect(s): ${missing.join(', ')}`, missing);
    const refused = found.filter((a) => !isWriter(creatorId, a.writerIds)).map((a) => a.name);
    if (refused.length) throw aspectError(`The generator's creator may not write aspect(s): ${refused.join(', ')}`, refused);
  }

  private async find(key: string): Promise<GeneratorRow> {
    const row = await this.repo.findByKey(key);
    if (!row) throw new NotFoundError({ source: 'Generator', value: key });
    return row;
  }
}

/** A body merged onto the current generator (PATCH) or onto the defaults (POST, PUT). */
function draftOf(b: GeneratorPatchDto, current: GeneratorRow | null): Draft {
  const pick = <T>(v: T | undefined, old: T | undefined, def: T): T => (v !== undefined ? v : current ? (old as T) : def);
  const template = b.generatorTemplate ?? (current ? { name: current.templateName, version: current.templateVersion } : undefined);
  if (!template || b.name === undefined && !current) throw new ValidationError({ message: 'name and generatorTemplate are required', source: 'Generator' });
  return {
    name: b.name ?? current!.name,
    description: pick(b.description, current?.description, null),
    helpEmail: pick(b.helpEmail, current?.helpEmail, null),
    helpUrl: pick(b.helpUrl, current?.helpUrl, null),
    aspects: pick(b.aspects, current?.aspects, []),
    subjectQuery: pick(b.subjectQuery, current?.subjectQuery, ''),
    templateName: template.name,
    templateVersion: template.version,
    context: b.context ?? (current ? maskedContext(current.context, current.secretContext) : {}),
    intervalSecs: pick(b.intervalSecs, current?.intervalSecs, 60),
    collectorGroup: pick(b.collectorGroup, current?.collectorGroup, null),
    isActive: pick(b.isActive, current?.isActive, false),
    tags: pick(b.tags ?? b.keywords, current?.tags, []),
  };
}

function aspectError(message: string, names: string[]): ValidationError {
  return new ValidationError({ message, description: message, source: 'aspects', value: names.join(',') });
}
