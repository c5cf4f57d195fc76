import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { AuthenticatedUser } from '../auth/caller';
import { assertInRoom } from '../auth/room-scope.decorator';
import { NotFoundError, SchemaValidationError } from '../common/errors/api-errors';
import { listRecords } from '../common/list-query';
import { ListPage } from '../common/pagination';
import { RoomContextRepository } from '../bots/room-context.repository';
import { roomListQuery } from '../bots/room-list';
import { BotFeed } from '../bots/realtime/bot-feed';
import { EventBodyDto } from './dto/event-body.dto';
import { EventBulkError, EventsRepository } from './events.repository';
import { EVENT_LIST_SPEC } from './events.list';
import { EventResponse, presentEvent } from './event.presenter';
import { resolveEvents, ResolvedEvent } from './helpers/event-refs';
import { mayReadEventJob } from '../writers/policy';

/** Events are listed 100 at a time unless `limit` says otherwise (BOTS.md). */
const DEFAULT_LIMIT = '100';
/** Most events one bulk request may carry. */
export const EVENTS_BULK_MAX = 1000;

/** Events: a room's timeline; created one by one or in bulk, never changed; each reaches the room's bots. */
@Injectable()
export class EventsService {
  constructor(
    private readonly repo: EventsRepository,
    private readonly ctx: RoomContextRepository,
    private readonly feed: BotFeed,
  ) {}

  async list(caller: AuthenticatedUser, query: Record<string, unknown>): Promise<ListPage<Partial<EventResponse>>> {
    const q = await roomListQuery(caller, { limit: DEFAULT_LIMIT, ...query }, this.ctx, false);
    return listRecords(q, EVENT_LIST_SPEC, (l) => this.repo.list(l), presentEvent);
  }

  async get(caller: AuthenticatedUser, id: string): Promise<EventResponse> {
    const row = await this.repo.findById(id);
    if (!row) throw new NotFoundError({ source: 'Event', value: id });
    assertInRoom(caller, row.roomId);
    return presentEvent(row);
  }

  async create(caller: AuthenticatedUser, body: EventBodyDto): Promise<EventResponse> {
    const { resolved } = await resolveEvents(caller, [body], this.ctx, this.repo, false);
    return (await this.insert(resolved))[0];
  }

  /** Valid items are written, refused ones listed in the job (`GET /v1/events/bulk/{jobId}/status`). */
  async bulk(caller: AuthenticatedUser, body: unknown): Promise<{ status: string; jobId: string }> {
    if (!Array.isArray(body) || body.length > EVENTS_BULK_MAX) {
      throw new SchemaValidationError({ message: `The body must be an array of at most ${EVENTS_BULK_MAX} events.`, source: 'body' });
    }
    const valid: { index: number; dto: EventBodyDto }[] = [];
    const errors: EventBulkError[] = [];
    body.forEach((item: unknown, index) => {
      const problem = itemProblem(item);
      if (problem) errors.push({ index, type: SchemaValidationError.type, message: problem });
      else valid.push({ index, dto: plainToInstance(EventBodyDto, item) });
    });
    const out = await resolveEvents(caller, valid.map((v) => v.dto), this.ctx, this.repo);
    errors.push(...out.errors.map((e) => ({ ...e, index: valid[e.index].index })));
    await this.insert(out.resolved);
    const jobId = await this.repo.insertJob(errors.sort((a, b) => a.index - b.index), caller.id);
    return { status: 'OK', jobId };
  }

  async bulkStatus(caller: AuthenticatedUser, jobId: string): Promise<{ status: string; errors: EventBulkError[] }> {
    const job = await this.repo.findJob(jobId);
    if (!job || !mayReadEventJob(caller, job)) throw new NotFoundError({ source: 'EventBulkJob', value: jobId });
    return { status: job.status, errors: job.errors };
  }

  private async insert(resolved: ResolvedEvent[]): Promise<EventResponse[]> {
    const rows = await this.repo.insertMany(resolved.map((r) => r.values));
    return rows.map((row, i) => {
      const view = presentEvent(row);
      const room = resolved[i].room;
      if (room) this.feed.publish(room, 'bot.event.add', view);
      return view;
    });
  }
}

/** Why a bulk item is not an event (null when it is one), by the same DTO rules as `POST /v1/events`. */
function itemProblem(item: unknown): string | null {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return 'Each event must be a JSON object.';
  const errors = validateSync(plainToInstance(EventBodyDto, item), { whitelist: true });
  const first = errors[0];
  return first ? Object.values(first.constraints ?? { invalid: `${first.property} is invalid` })[0] : null;
}
