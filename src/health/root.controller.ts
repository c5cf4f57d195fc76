import { Controller, Get, Redirect } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../auth/public.decorator';

/** `GET /v1` sends people to the API explorer. */
@ApiExcludeController()
@Controller('v1')
export class RootController {
  @Public()
  @Get()
  @Redirect('/v1/docs', 302)
  docs(): void {}
}
