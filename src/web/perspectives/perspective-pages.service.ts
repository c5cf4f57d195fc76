import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiError, ForbiddenError, NotFoundError } from '../../common/errors/api-errors';
import { AppConfig } from '../../config/app-config';
import { GlobalConfigService } from '../../globalconfig/globalconfig.service';
import { DEFAULT_PERSPECTIVE_KEY } from '../../globalconfig/globalconfig.entity';
import { LensesService } from '../../lenses/lenses.service';
import { PerspectivesService } from '../../perspectives/perspectives.service';
import { ResourceKind } from '../../writers/resource-kind';
import { WritersService } from '../../writers/writers.service';
import { sendLivePage } from '../live-page';
import { SignedIn, WebService } from '../web.service';
import { formToBody, formValues, valuesOfPerspective } from './perspective-form';
import { LensChoice, perspectiveFormPage, perspectiveMessagePage, perspectivePage, PerspectiveFormValues } from './perspective-templates';
import { httpStatusOf } from '../../common/errors/api-exception.filter';

type Form = Record<string, unknown>;

const FORGED = 'This form has expired or was sent from another site, so nothing was done. Reload the page and try again.';
const EMPTY: PerspectiveFormValues = formValues({});
const path = (name: string): string => `/perspectives/${encodeURIComponent(name)}`;
const loginFor = (target: string): string => `/login?ru=${encodeURIComponent(target).replace(/%2F/g, '/')}`;

/** The perspective pages: the redirect, the picker, the lens page, and the create/edit form. */
@Injectable()
export class PerspectivePagesService {
  constructor(
    private readonly web: WebService,
    private readonly perspectives: PerspectivesService,
    private readonly lenses: LensesService,
    private readonly globalConfig: GlobalConfigService,
    private readonly writers: WritersService,
    private readonly config: AppConfig,
  ) {}

  /** GET /perspectives: `?p=` (the picker), else DEFAULT_PERSPECTIVE when it exists, else the first by name, else the first-one form. */
  async index(req: Request, res: Response): Promise<void> {
    const me = await this.web.signedIn(req);
    if (!me) return res.redirect(302, loginFor('/perspectives'));
    const wanted = typeof req.query.p === 'string' && req.query.p ? req.query.p : await this.globalConfig.valueOf(DEFAULT_PERSPECTIVE_KEY);
    const chosen = wanted ? await this.perspectives.get(wanted).catch(ignoreNotFound) : undefined;
    if (chosen) return res.redirect(302, path(String(chosen.name)));
    const [first] = await this.names();
    if (first) return res.redirect(302, path(first));
    await this.form(res, me, 200, { mode: 'first', values: EMPTY });
  }

  async view(req: Request, res: Response, name: string): Promise<void> {
    const me = await this.web.signedIn(req);
    if (!me) return res.redirect(302, loginFor(path(name)));
    const p = await this.perspectives.get(name).catch(ignoreNotFound);
    if (!p) return this.notFound(res, me, name);
    const [names, canEdit] = await Promise.all([this.names(), this.canEdit(me, String(p.id))]);
    const page = { id: String(p.id), name: String(p.name), rootSubject: String(p.rootSubject), lensName: String((p.lens as { name?: string })?.name ?? '') };
    this.send(res, 200, (nonce) =>
      perspectivePage(this.web.ctx(me, nonce), page, { names, canEdit, throttleMs: this.config.realtimeEventThrottleMs, userId: me.caller.id }),
    );
  }

  async newForm(req: Request, res: Response): Promise<void> {
    const me = await this.web.signedIn(req);
    if (!me) return res.redirect(302, loginFor('/perspectives/new'));
    await this.form(res, me, 200, { mode: 'create', values: EMPTY });
  }

  async create(req: Request, res: Response, form: Form): Promise<void> {
    const me = await this.web.signedIn(req);
    if (!me) return res.redirect(303, loginFor('/perspectives/new'));
    const values = formValues(form);
    const again = (status: number, error: string) => this.form(res, me, status, { mode: 'create', values, error });
    if (!this.web.validPost(req, me, form)) return again(403, FORGED);
    const { body, error } = await formToBody(values);
    if (!body) return again(400, error ?? 'Check the form.');
    try {
      const created = await this.perspectives.create(me.caller, body);
      res.redirect(303, path(String(created.name)));
    } catch (e) {
      await again(...problem(e));
    }
  }

  async editForm(req: Request, res: Response, name: string): Promise<void> {
    const me = await this.web.signedIn(req);
    if (!me) return res.redirect(302, loginFor(`${path(name)}/edit`));
    const p = await this.perspectives.get(name).catch(ignoreNotFound);
    if (!p) return this.notFound(res, me, name);
    if (!(await this.canEdit(me, String(p.id)))) return this.forbidden(res, me, String(p.name));
    await this.form(res, me, 200, { mode: 'edit', values: valuesOfPerspective(p), original: String(p.name) });
  }

  async update(req: Request, res: Response, name: string, form: Form): Promise<void> {
    const me = await this.web.signedIn(req);
    if (!me) return res.redirect(303, loginFor(`${path(name)}/edit`));
    const p = await this.perspectives.get(name).catch(ignoreNotFound);
    if (!p) return this.notFound(res, me, name);
    const values = formValues(form);
    const again = (status: number, error: string) => this.form(res, me, status, { mode: 'edit', values, error, original: String(p.name) });
    if (!this.web.validPost(req, me, form)) return again(403, FORGED);
    if (!(await this.canEdit(me, String(p.id)))) return this.forbidden(res, me, String(p.name));
    const { body, error } = await formToBody(values);
    if (!body) return again(400, error ?? 'Check the form.');
    try {
      const saved = await this.perspectives.patch(me.caller, String(p.id), body, false);
      res.redirect(303, path(String(saved.name)));
    } catch (e) {
      await again(...problem(e));
    }
  }

  private async form(
    res: Response,
    me: SignedIn,
    status: number,
    opts: { mode: 'create' | 'edit' | 'first'; values: PerspectiveFormValues; error?: string; original?: string },
  ): Promise<void> {
    const lenses = await this.lensChoices();
    const values = { ...opts.values, lensId: opts.values.lensId || lenses[0]?.id || '' };
    this.send(res, status, (nonce) => perspectiveFormPage(this.web.ctx(me, nonce), { ...opts, values, lenses }));
  }

  private async lensChoices(): Promise<LensChoice[]> {
    const page = await this.lenses.list({ isPublished: 'true', sort: 'name', fields: 'name' });
    return page.items.map((l) => ({ id: String(l.id), name: String(l.name) }));
  }

  private async names(): Promise<string[]> {
    const page = await this.perspectives.list({ sort: 'name', fields: 'name' });
    return page.items.map((p) => String(p.name));
  }

  private async canEdit(me: SignedIn, id: string): Promise<boolean> {
    try {
      await this.writers.assertCanWrite(ResourceKind.Perspective, id, me.caller, false);
      return true;
    } catch (e) {
      if (e instanceof ForbiddenError) return false;
      throw e;
    }
  }

  private notFound(res: Response, me: SignedIn, name: string): void {
    this.send(res, 404, (nonce) => perspectiveMessagePage(this.web.ctx(me, nonce), 'No such perspective', `There is no perspective named “${name}”.`));
  }

  private forbidden(res: Response, me: SignedIn, name: string): void {
    this.send(res, 403, (nonce) =>
      perspectiveMessagePage(this.web.ctx(me, nonce), 'Not allowed', `Only the writers of “${name}” may edit it. You can still view it.`),
    );
  }

  private send(res: Response, status: number, render: (nonce: string) => string): void {
    sendLivePage(res, status, render);
  }
}

function ignoreNotFound(e: unknown): undefined {
  if (e instanceof NotFoundError) return undefined;
  throw e;
}

/** An API error as a status and a sentence for the form; anything else is not ours to explain. */
function problem(e: unknown): [number, string] {
  if (!(e instanceof ApiError)) throw e;
  if (httpStatusOf(e) === 409) return [409, 'A perspective with that name exists already. Choose another name.'];
  const item = e.items[0];
  return [httpStatusOf(e), item ? `${item.message}${item.value ? ` (${String(item.value)})` : ''}` : 'The perspective could not be saved.'];
}
