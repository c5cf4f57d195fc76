import { Module } from '@nestjs/common';
import { TokensModule } from '../tokens/tokens.module';
import { BotsController } from './bots.controller';
import { BotsRepository } from './bots.repository';
import { BotsService } from './bots.service';
import { BotFeed } from './realtime/bot-feed';
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
  imports: [TokensModule],
  controllers: [BotsController, RoomTypesController, RoomsController],
  providers: [BotFeed, BotsRepository, BotsService, RoomTypesRepository, RoomTypesService, RoomsRepository, RoomsService],
  exports: [BotFeed],
})
export class BotsModule {}
