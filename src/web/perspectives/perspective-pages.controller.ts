import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../../auth/public.decorator';
import { JsonChunks, sendJsonChunks } from '../../common/json-chunks';
import { hierarchyJson } from '../../subjects/hierarchy';
import { PerspectivePagesService } from './perspective-pages.service';
import { PerspectiveDataService } from './perspective-data.service';
import { SessionCaller } from './session-caller';
import { LensAssets } from './lens-assets';

type Form = Record<string, unknown>;

/**
 * The perspective pages. @Public() only with respect to API tokens: every page and data route
 * checks the signed session cookie itself, and every form post its CSRF token and origin. The
 * static assets and the lens frame carry nothing of the viewer's (see lens-assets.ts).
 */
@Public()
@ApiExcludeController()
@Controller()
export class PerspectivePagesController {
  constructor(
    private readonly pages: PerspectivePagesService,
    private readonly data: PerspectiveDataService,
    private readonly session: SessionCaller,
    private readonly assets: LensAssets,
  ) {}

  @Get()
  home(@Res() res: Response): void {
    res.redirect(302, '/perspectives');
  }

  @Get('lens-frame')
  lensFrame(@Res() res: Response): void {
    this.assets.frame(res);
  }

  @Get('assets/socket.io.min.js')
  socketClient(@Res() res: Response): void {
    this.assets.socketClient(res);
  }

  @Get('assets/perspective-page.js')
  pageScript(@Res() res: Response): void {
    this.assets.pageScript(res);
  }

  @Get('perspectives')
  index(@Req() req: Request, @Res() res: Response): Promise<void> {
    return this.pages.index(req, res);
  }

  @Get('perspectives/new')
  newForm(@Req() req: Request, @Res() res: Response): Promise<void> {
    return this.pages.newForm(req, res);
  }

  @Post('perspectives/new')
  create(@Req() req: Request, @Res() res: Response, @Body() form: Form): Promise<void> {
    return this.pages.create(req, res, form);
  }

  @Get('perspectives/:name')
  view(@Req() req: Request, @Res() res: Response, @Param('name') name: string): Promise<void> {
    return this.pages.view(req, res, name);
  }

  @Get('perspectives/:name/edit')
  editForm(@Req() req: Request, @Res() res: Response, @Param('name') name: string): Promise<void> {
    return this.pages.editForm(req, res, name);
  }

  @Post('perspectives/:name/edit')
  update(@Req() req: Request, @Res() res: Response, @Param('name') name: string, @Body() form: Form): Promise<void> {
    return this.pages.update(req, res, name, form);
  }

  /** JSON for the page's script (session cookie, not a token); 401 in the API's error shape without a session. */
  @Get('perspectives/:name/hierarchy')
  async hierarchy(@Req() req: Request, @Res() res: Response, @Param('name') name: string): Promise<void> {
    await this.session.caller(req); // 401 without a session
    const { hierarchy, aspects } = await this.data.hierarchy(name);
    // The hierarchy's JSON in pieces, as GET /v1/subjects/{key}/hierarchy sends it.
    const out = new JsonChunks().raw('{"hierarchy":');
    hierarchyJson(hierarchy, out).raw(`,"aspects":${JSON.stringify(aspects)}}`);
    await sendJsonChunks(res, out.take());
  }

  @Get('perspectives/:name/lens')
  async lens(@Req() req: Request, @Param('name') name: string): Promise<unknown> {
    await this.session.caller(req); // 401 without a session
    return this.data.lens(name);
  }
}
