import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BotActionEntity } from '../bot-actions/bot-action.entity';
import { BotDataEntity } from '../bot-data/bot-data.entity';
import { EventBulkJobEntity, EventEntity } from '../events/event.entity';
import { RoomTypeEntity } from '../room-types/room-type.entity';
import { RoomEntity } from '../rooms/room.entity';
import { BotEntity } from './bot.entity';
import { TokensModule } from '../tokens/tokens.module';
import { BotActionsController } from '../bot-actions/bot-actions.controller';
import { BotActionsRepository } from '../bot-actions/bot-actions.repository';
import { BotActionsService } from '../bot-actions/bot-actions.service';
import { BotDataController, RoomDataController } from '../bot-data/bot-data.controller';
import { BotDataRepository } from '../bot-data/bot-data.repository';
import { BotDataService } from '../bot-data/bot-data.service';
import { EventsController } from '../events/events.controller';
import { EventsRepository } from '../events/events.repository';
import { EventsService } from '../events/events.service';
import { RoomContextRepository } from './room-context.repository';
import { BotNames } from './bot-names';
import { BotsController } from './bots.controller';
import { BotsRepository } from './bots.repository';
import { BotsService } from './bots.service';
import { BotFeed } from './realtime/bot-feed';
import { BotsGateway } from './realtime/bots.gateway';
import { RoomTypesController } from '../room-types/room-types.controller';
import { RoomTypesRepository } from '../room-types/room-types.repository';
import { RoomTypesService } from '../room-types/room-types.service';
import { RoomsController } from '../rooms/rooms.controller';
import { RoomsRepository } from '../rooms/rooms.repository';
import { RoomsService } from '../rooms/rooms.service';

/**
 * Bots, room types, rooms, bot actions, bot data and events (BOTS.md): one module, because
 * they share the room checks, the bot feed and the room-scoped token rules.
 */
@Module({
  imports: [TypeOrmModule.forFeature([BotEntity, RoomTypeEntity, RoomEntity, BotActionEntity, BotDataEntity, EventEntity, EventBulkJobEntity]), TokensModule],
  controllers: [BotsController, RoomTypesController, RoomsController, BotActionsController, BotDataController, RoomDataController, EventsController],
  providers: [
    BotFeed,
    BotsGateway,
    RoomContextRepository,
    BotNames,
    BotActionsRepository,
    BotActionsService,
    BotDataRepository,
    BotDataService,
    EventsRepository,
    EventsService,
    BotsRepository, BotsService, RoomTypesRepository, RoomTypesService, RoomsRepository, RoomsService],
  exports: [BotFeed, BotsRepository, RoomsService, RoomTypesService, EventsService],
})
export class BotsModule {}
