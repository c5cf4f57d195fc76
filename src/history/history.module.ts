import { Module } from '@nestjs/common';
import { SessionCaller } from '../web/perspectives/session-caller';
import { WebModule } from '../web/web.module';
import { HistoryPageController } from './history-page.controller';
import { HistoryController } from './history.controller';
import { HistoryRepository } from './history.repository';
import { HistoryService } from './history.service';

/** Status history and availability (issue 18). The writes ride on the sample statements; pruning is the RetentionJob. */
@Module({
  imports: [WebModule],
  controllers: [HistoryController, HistoryPageController],
  providers: [HistoryRepository, HistoryService, SessionCaller],
})
export class HistoryModule {}
