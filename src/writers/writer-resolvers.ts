import { Injectable } from '@nestjs/common';
import { NotFoundError } from '../common/errors/api-errors';
import { parseSampleName } from '../common/sample-name';
import { KIND_TABLES, ResourceKind, WritableKind } from './resource-kind';
import { WritersRepository, WriterTarget } from './writers.repository';

/** Finds, by the key in the URL, the record whose writers decide a request; throws 404 when unknown. */
export interface WriterResolver {
  resolve(key: string): Promise<WriterTarget>;
}

/** Resolver for a kind with its own writers list (subjects by absolutePath, others by name). */
export class RecordWriterResolver implements WriterResolver {
  constructor(
    private readonly repo: WritersRepository,
    private readonly kind: WritableKind,
  ) {}

  async resolve(key: string): Promise<WriterTarget> {
    const target = await this.repo.findTarget(this.kind, key);
    if (!target) throw new NotFoundError({ source: KIND_TABLES[this.kind].source, value: key });
    return target;
  }
}

/**
 * The Sample→Aspect delegation: a sample key `subjectPath|aspectName` answers with its ASPECT
 * (id, name, writers), so every sample write follows the aspect's writers.
 */
@Injectable()
export class SampleWriterResolver implements WriterResolver {
  constructor(private readonly repo: WritersRepository) {}

  async resolve(key: string): Promise<WriterTarget> {
    const name = parseSampleName(key);
    if (!name) throw new NotFoundError({ message: 'Invalid sample name', source: 'Sample', value: key });
    const aspect = await this.repo.findSampleAspect(name.subjectPath, name.aspectName);
    if (!aspect) throw new NotFoundError({ source: 'Sample', value: key });
    return aspect;
  }
}

/** One resolver per kind; the Record type makes a kind without a resolver a compile error. */
@Injectable()
export class WriterResolvers {
  readonly byKind: Readonly<Record<ResourceKind, WriterResolver>>;

  constructor(repo: WritersRepository, sample: SampleWriterResolver) {
    this.byKind = {
      [ResourceKind.Subject]: new RecordWriterResolver(repo, ResourceKind.Subject),
      [ResourceKind.Aspect]: new RecordWriterResolver(repo, ResourceKind.Aspect),
      [ResourceKind.Perspective]: new RecordWriterResolver(repo, ResourceKind.Perspective),
      [ResourceKind.Lens]: new RecordWriterResolver(repo, ResourceKind.Lens),
      [ResourceKind.Sample]: sample,
      [ResourceKind.Bot]: new RecordWriterResolver(repo, ResourceKind.Bot),
      [ResourceKind.BotAction]: new RecordWriterResolver(repo, ResourceKind.BotAction),
      [ResourceKind.BotData]: new RecordWriterResolver(repo, ResourceKind.BotData),
      [ResourceKind.Room]: new RecordWriterResolver(repo, ResourceKind.Room),
      [ResourceKind.RoomType]: new RecordWriterResolver(repo, ResourceKind.RoomType),
      [ResourceKind.Collector]: new RecordWriterResolver(repo, ResourceKind.Collector),
      [ResourceKind.CollectorGroup]: new RecordWriterResolver(repo, ResourceKind.CollectorGroup),
      [ResourceKind.GeneratorTemplate]: new RecordWriterResolver(repo, ResourceKind.GeneratorTemplate),
      [ResourceKind.Generator]: new RecordWriterResolver(repo, ResourceKind.Generator),
    };
  }

  resolve(kind: ResourceKind, key: string): Promise<WriterTarget> {
    return this.byKind[kind].resolve(key);
  }
}
