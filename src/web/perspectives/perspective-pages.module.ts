import { Module } from '@nestjs/common';
import { AspectsModule } from '../../aspects/aspects.module';
import { GlobalConfigModule } from '../../globalconfig/globalconfig.module';
import { LensesModule } from '../../lenses/lenses.module';
import { PerspectivesModule } from '../../perspectives/perspectives.module';
import { SubjectsModule } from '../../subjects/subjects.module';
import { UsersModule } from '../../users/users.module';
import { WebModule } from '../web.module';
import { BuiltinLensSeeder } from './builtin-lens/builtin-lens.seeder';
import { LensAssets } from './lens-assets';
import { PerspectiveDataService } from './perspective-data.service';
import { PerspectivePagesController } from './perspective-pages.controller';
import { PerspectivePagesService } from './perspective-pages.service';
import { SessionCaller } from './session-caller';

/** `/`, `/perspectives…`, the lens frame and its assets, and the built-in lens (LIVE.md §2–§3). */
@Module({
  imports: [WebModule, GlobalConfigModule, PerspectivesModule, LensesModule, SubjectsModule, AspectsModule, UsersModule],
  controllers: [PerspectivePagesController],
  providers: [PerspectivePagesService, PerspectiveDataService, SessionCaller, LensAssets, BuiltinLensSeeder],
})
export class PerspectivePagesModule {}
