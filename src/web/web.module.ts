import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { WebController } from './web.controller';
import { WebService } from './web.service';

/** The token web pages: /login, /logout, /tokens, /tokens/new. */
@Module({ imports: [AuthModule], controllers: [WebController], providers: [WebService], exports: [WebService] })
export class WebModule {}
