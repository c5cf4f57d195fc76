import { Module } from '@nestjs/common';
import { BotsModule } from '../../bots/bots.module';
import { TokensModule } from '../../tokens/tokens.module';
import { WebModule } from '../web.module';
import { RoomPagesController } from './room-pages.controller';
import { RoomPagesService } from './room-pages.service';

/** `/rooms/{id}`: the room page, its event stream and the sandboxed bot frames (BOTS.md). */
@Module({
  imports: [WebModule, BotsModule, TokensModule],
  controllers: [RoomPagesController],
  providers: [RoomPagesService],
})
export class RoomPagesModule {}
