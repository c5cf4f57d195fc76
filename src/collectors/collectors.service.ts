import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../auth/caller';
import { ForbiddenError, NotFoundError, ValidationError } from '../common/errors/api-errors';
import { listRecords } from '../common/list-query';
import type { ListPage } from '../common/pagination';
import { AppConfig } from '../config/app-config';
import { GeneratorPayload, GeneratorPayloads } from '../generators/generator-payloads';
import { TokensService } from '../tokens/tokens.service';
import { ResourceKind } from '../writers/resource-kind';
import { WritersService } from '../writers/writers.service';
import { AssignmentService } from './assignment.service';
import type { CollectorStatus } from './collector.entity';
import { CollectorRow, CollectorsRepository } from './collectors.repository';
import type { CollectorPatchDto, CollectorStartDto, HeartbeatDto } from './dto/collector-body.dto';
import { COLLECTOR_ENCRYPTION_ALGORITHM } from './collector-cipher';
import { CollectorResponse, presentCollector as present } from './collector.presenter';
import { COLLECTOR_LIST_SPEC } from './collectors.list';
import { actsPersonally, holdsTokenOf } from '../writers/policy';

/** The settings a collector runs with, sent at start and on every heartbeat. */
export interface CollectorConfig {
  heartbeatIntervalMillis: number;
  heartbeatLatencyToleranceMillis: number;
  requireSslToRemoteDataSource: boolean;
  timeoutResponseMillis: number;
  timeoutDeadlineMillis: number;
  maxRetries: number;
  status: CollectorStatus;
}

/** POST /v1/collectors/start: the collector, its token (shown once), its settings and its generators. */
export type CollectorStartResponse = CollectorResponse & {
  token: string;
  collectorConfig: CollectorConfig;
  timestamp: number;
  encryptionAlgorithm: string;
  generatorsAdded: GeneratorPayload[];
};

/** POST /v1/collectors/{key}/heartbeat: the settings and the generator changes since the last heartbeat. */
export interface HeartbeatResponse {
  collectorConfig: CollectorConfig;
  encryptionAlgorithm: string;
  generatorsAdded: GeneratorPayload[];
  generatorsUpdated: GeneratorPayload[];
  generatorsDeleted: { name: string }[];
}
type Verb = 'stop' | 'pause' | 'resume' | 'deregister' | 'reregister';

/** Collectors: registration by start, heartbeats with generator changes, and the status commands. */
@Injectable()
export class CollectorsService {
  constructor(
    private readonly repo: CollectorsRepository,
    private readonly assignment: AssignmentService,
    private readonly payloads: GeneratorPayloads,
    private readonly tokens: TokensService,
    private readonly writers: WritersService,
    private readonly config: AppConfig,
  ) {}

  list(query: Record<string, unknown>): Promise<ListPage<Partial<CollectorResponse>>> {
    return listRecords(query, COLLECTOR_LIST_SPEC, (q) => this.repo.list(q), present);
  }

  async get(key: string): Promise<CollectorResponse> {
    return present(await this.find(key));
  }

  async status(key: string): Promise<{ status: CollectorStatus }> {
    return { status: (await this.find(key)).status };
  }

  async patch(key: string, body: CollectorPatchDto): Promise<CollectorResponse> {
    const current = await this.find(key);
    await this.repo.describe(current.id, { ...body }, current);
    return present(await this.find(current.id));
  }

  /**
   * POST /start: registers a new collector, or restarts a stopped one the caller may write.
   * Answers the record plus its token, configuration and the generators it is to run.
   */
  async start(caller: AuthenticatedUser, body: CollectorStartDto, override: boolean): Promise<CollectorStartResponse> {
    if (!actsPersonally(caller)) {
      throw new ForbiddenError({ message: 'A collector is started with a user token.', source: 'Collector', value: body.name });
    }
    const meta = { version: body.version, osInfo: body.osInfo, processInfo: body.processInfo };
    const existing = await this.repo.findByKey(body.name);
    let id: string;
    if (!existing) {
      id = await this.repo.insertStarted(body.name, meta, { description: body.description, helpEmail: body.helpEmail, helpUrl: body.helpUrl }, caller.id);
    } else {
      await this.writers.assertCanWrite(ResourceKind.Collector, existing.id, caller, override);
      if (!existing.registered) throw refused(existing, 'a deregistered collector cannot start; reregister it first');
      if (!(await this.repo.markStarted(existing.id, meta, caller.id))) throw refused(existing, 'only a stopped collector can start');
      id = existing.id;
    }
    await this.assignment.forget(id);
    const { secret } = await this.tokens.issueBoundToken(caller.id, { kind: 'collector', boundId: id, name: `collector ${body.name}`.slice(0, 60), address: caller.address });
    await this.assignment.rebalance();
    const diff = await this.assignment.changesFor(id);
    const timestamp = Date.now();
    return {
      ...present(await this.find(id)),
      token: secret,
      collectorConfig: this.collectorConfig('Running'),
      timestamp,
      encryptionAlgorithm: COLLECTOR_ENCRYPTION_ALGORITHM,
      generatorsAdded: await this.payloads.build([...diff.added, ...diff.updated].map((g) => g.id), secret, timestamp, caller.address),
    };
  }

  /** POST /{key}/heartbeat, with that collector's own token: records it, answers the changes since the last one. */
  async heartbeat(caller: AuthenticatedUser, key: string, body: HeartbeatDto, rawToken: string): Promise<HeartbeatResponse> {
    const c = await this.find(key);
    if (!holdsTokenOf(caller, 'collector', c.id)) {
      throw new ForbiddenError({ message: "A heartbeat needs the collector's own token.", source: 'Collector', value: c.name });
    }
    const status = await this.repo.recordHeartbeat(c.id, body.collectorConfig ?? {});
    if (c.status === 'MissedHeartbeat') await this.assignment.rebalance();
    const reply = { collectorConfig: this.collectorConfig(status), encryptionAlgorithm: COLLECTOR_ENCRYPTION_ALGORITHM };
    if (status !== 'Running') {
      // Paused or stopped, the collector stops its generators: it will be given them afresh.
      await this.assignment.forget(c.id);
      return { ...reply, generatorsAdded: [], generatorsDeleted: [], generatorsUpdated: [] };
    }
    const diff = await this.assignment.changesFor(c.id);
    return {
      ...reply,
      generatorsAdded: await this.payloads.build(diff.added.map((g) => g.id), rawToken, body.timestamp, caller.address),
      generatorsUpdated: await this.payloads.build(diff.updated.map((g) => g.id), rawToken, body.timestamp, caller.address),
      generatorsDeleted: diff.deleted.map((name) => ({ name })),
    };
  }

  /** The status commands (writers of the collector only; the route checks). */
  async command(caller: AuthenticatedUser, key: string, verb: Verb): Promise<CollectorResponse> {
    const c = await this.find(key);
    switch (verb) {
      case 'stop':
        await this.repo.setStatus(c.id, 'Stopped');
        break;
      case 'pause':
        if (c.status !== 'Running') throw wrongStatus(c, 'only a Running collector can pause');
        await this.repo.setStatus(c.id, 'Paused');
        break;
      case 'resume':
        if (c.status !== 'Paused') throw wrongStatus(c, 'only a Paused collector can resume');
        await this.repo.setStatus(c.id, 'Running');
        break;
      case 'deregister':
        await this.repo.setStatus(c.id, 'Stopped', false);
        await this.tokens.revokeBoundTokens('collector', c.id, caller);
        break;
      case 'reregister':
        if (c.registered) throw wrongStatus(c, 'the collector is registered');
        await this.repo.setStatus(c.id, c.status, true);
        break;
    }
    await this.assignment.rebalance();
    return present(await this.find(c.id));
  }

  private collectorConfig(status: CollectorStatus): CollectorConfig {
    return {
      heartbeatIntervalMillis: this.config.collectorHeartbeatIntervalMillis,
      heartbeatLatencyToleranceMillis: this.config.collectorHeartbeatLatencyToleranceMillis,
      requireSslToRemoteDataSource: false,
      timeoutResponseMillis: 10000,
      timeoutDeadlineMillis: 30000,
      maxRetries: 3,
      status,
    };
  }

  private async find(key: string): Promise<CollectorRow> {
    const row = await this.repo.findByKey(key);
    if (!row) throw new NotFoundError({ source: 'Collector', value: key });
    return row;
  }
}

function refused(c: CollectorRow, why: string): ForbiddenError {
  return new ForbiddenError({ message: `Collector "${c.name}" is ${c.registered ? c.status : 'deregistered'}: ${why}.`, source: 'Collector', value: c.name });
}

function wrongStatus(c: CollectorRow, why: string): ValidationError {
  return new ValidationError({ message: `Collector "${c.name}" is ${c.status}: ${why}.`, source: 'Collector', value: c.status });
}
