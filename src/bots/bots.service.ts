import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../auth/caller';
import { NotFoundError } from '../common/errors/api-errors';
import { listRecords } from '../common/list-query';
import { nextOwnerId } from '../writers/owner-change';
import { ListPage } from '../common/pagination';
import { readUploadedZip, UploadedZip } from '../common/zip/zip-upload';
import { TokensService } from '../tokens/tokens.service';
import { outsideRoomError } from '../auth/room-scope.decorator';
import { RoomContextRepository } from './room-context.repository';
import type { BotFormDto, BotPatchDto } from './dto/bot-form.dto';
import { botValues } from './helpers/bot-fields';
import { BotRow, BotsRepository, BotUi } from './bots.repository';
import { isRoomToken } from '../writers/policy';
import { BOT_LIST_SPEC } from './bots.list';
import { BotResponse, BotWithTokenResponse, BotWithUiResponse, presentBot } from './bot.presenter';

/** Bots: multipart install with a UI zip, the bot token, heartbeats. */
@Injectable()
export class BotsService {
  constructor(
    private readonly repo: BotsRepository,
    private readonly tokens: TokensService,
    private readonly rooms: RoomContextRepository,
  ) {}

  async list(caller: AuthenticatedUser, query: Record<string, unknown>): Promise<ListPage<Partial<BotResponse>>> {
    return listRecords(await this.roomBotsOnly(caller, query), BOT_LIST_SPEC, (q) => this.repo.list(q), presentBot);
  }

  /** One bot with its UI as the original answered: `{type: "Buffer", data: [bytes]}`. */
  async get(caller: AuthenticatedUser, key: string): Promise<BotWithUiResponse> {
    const row = await this.find(key, true);
    if (isRoomToken(caller) && !(await this.roomBots(caller)).includes(row.name.toLowerCase())) throw outsideRoomError();
    return { ...presentBot(row), ui: row.ui ? row.ui.toJSON() : null };
  }

  async create(caller: AuthenticatedUser, form: BotFormDto, file: UploadedZip | undefined): Promise<BotWithTokenResponse> {
    const values = botValues(form);
    const ui = await uploadedUi(file);
    const ownerId = form.owner === undefined ? caller.id : await this.repo.resolveOwner(form.owner);
    const id = await this.repo.insert(values, ui, ownerId, caller.id);
    return this.withToken(caller, await this.find(id));
  }

  /** PUT: every field replaced (missing ones back to their defaults), the UI when one is sent; a new token. */
  async replace(caller: AuthenticatedUser, key: string, form: BotFormDto, file: UploadedZip | undefined, override: boolean): Promise<BotWithTokenResponse> {
    const existing = await this.find(key);
    const values = botValues(form);
    const ui = await uploadedUi(file);
    const ownerId = await nextOwnerId(caller, existing, form.owner, override, (o) => this.repo.resolveOwner(o), 'Bot');
    await this.repo.update(existing.id, values, ui, ownerId);
    return this.withToken(caller, await this.find(existing.id));
  }

  async patch(caller: AuthenticatedUser, key: string, body: BotPatchDto, override: boolean): Promise<BotResponse> {
    const existing = await this.find(key);
    const given = Object.fromEntries(Object.entries(body).filter(([k, v]) => v !== undefined && k !== 'owner'));
    const values = botValues({ ...existing, helpUrl: existing.helpUrl ?? undefined, ownerUrl: existing.ownerUrl ?? undefined, displayName: existing.displayName ?? undefined, ...given });
    const ownerId = await nextOwnerId(caller, existing, body.owner, override, (o) => this.repo.resolveOwner(o), 'Bot');
    await this.repo.update(existing.id, values, null, ownerId);
    return presentBot(await this.find(existing.id));
  }

  async heartbeat(key: string): Promise<BotResponse> {
    const existing = await this.find(key);
    await this.repo.heartbeat(existing.id);
    return presentBot(await this.find(existing.id));
  }

  /** Deletes the bot and revokes its tokens (its actions and data go with it). */
  async remove(caller: AuthenticatedUser, key: string): Promise<BotResponse> {
    const existing = await this.find(key);
    await this.tokens.revokeBoundTokens('bot', existing.id, caller);
    await this.repo.delete(existing.id);
    return presentBot(existing, true);
  }

  /** A room token sees the bots of its room only: the list is limited to their names. */
  private async roomBotsOnly(caller: AuthenticatedUser, query: Record<string, unknown>): Promise<Record<string, unknown>> {
    if (!isRoomToken(caller)) return query;
    const bots = await this.roomBots(caller);
    const asked = typeof query.name === 'string' ? query.name.toLowerCase() : undefined;
    const names = asked !== undefined && bots.includes(asked) ? [asked] : bots;
    return { ...query, name: names.length ? names.join(',') : '-' };
  }

  private async roomBots(caller: AuthenticatedUser): Promise<string[]> {
    const room = await this.rooms.findRoom(caller.tokenBoundId);
    return (room?.bots ?? []).map((b) => b.toLowerCase());
  }

  private async find(key: string, withUi = false): Promise<BotRow> {
    const row = await this.repo.findByKey(key, withUi);
    if (!row) throw new NotFoundError({ source: 'Bot', value: key });
    return row;
  }

  /** The bot as POST and PUT answer: `ui: {name, size}` and a new bot token acting as the caller. */
  private async withToken(caller: AuthenticatedUser, row: BotRow): Promise<BotWithTokenResponse> {
    const { secret } = await this.tokens.issueBoundToken(caller.id, { kind: 'bot', boundId: row.id, name: `bot ${row.name}`, address: caller.address });
    const ui = row.uiName === null ? null : { name: row.uiName, size: row.uiSize };
    return { ...presentBot(row), ui, token: secret };
  }
}

/** The `ui` file, checked like a lens library (a zip within the same limits); none → null. */
async function uploadedUi(file: UploadedZip | undefined): Promise<BotUi | null> {
  if (!file) return null;
  await readUploadedZip(file, 'Bot', 'ui');
  return { buffer: file.buffer, name: file.originalname || 'bot.zip' };
}
