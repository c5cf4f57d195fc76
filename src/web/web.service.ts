import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AuthenticatedUser, callerOf, SESSION_CREDENTIALS } from '../auth/caller';
import { LoginService } from '../auth/login.service';
import { SessionService, WebSession } from '../auth/session.service';
import { ApiError } from '../common/errors/api-errors';
import { TokensService } from '../tokens/tokens.service';
import { sendPage } from './live-page';
import { UsersRepository } from '../users/users.repository';
import { AuditLog } from '../audit/audit-log.service';
import { AuditAction } from '../audit/audit-actions';
import { createdTokenPage, expiryFromForm, loginPage, messagePage, newTokenPage, PageContext, tokensPage } from './templates';
import { httpStatusOf } from '../common/errors/api-exception.filter';

type Form = Record<string, unknown>;

export interface SignedIn {
  caller: AuthenticatedUser;
  session: WebSession;
}

const DONE: Record<string, string> = { revoked: 'The token was revoked.', deleted: 'The token was deleted.' };
const FORGED = 'This form has expired or was sent from another site, so nothing was done. Reload the page and try again.';

/** The web pages: sign in and out, list, create, revoke and delete one's own tokens. */
@Injectable()
export class WebService {
  constructor(
    private readonly sessions: SessionService,
    private readonly login: LoginService,
    private readonly tokens: TokensService,
    private readonly users: UsersRepository,
    private readonly audit: AuditLog,
  ) {}

  async loginForm(req: Request, res: Response): Promise<void> {
    const ru = safeReturn(req.query.ru);
    if (await this.signedIn(req)) return res.redirect(302, ru);
    this.send(res, 200, (nonce) => loginPage({ nonce, csrf: this.sessions.loginCsrfToken(req, res) }, { ru }));
  }

  async loginSubmit(req: Request, res: Response, form: Form): Promise<void> {
    const ru = safeReturn(form.ru);
    const username = typeof form.username === 'string' ? form.username : '';
    const page = (status: number, error: string) =>
      this.send(res, status, (nonce) => loginPage({ nonce, csrf: this.sessions.loginCsrfToken(req, res) }, { ru, username, error }));
    if (!sameOrigin(req) || !this.sessions.checkLoginCsrf(req, form._csrf)) return page(403, FORGED);
    if (!username || typeof form.password !== 'string' || !form.password) return page(400, 'Enter your user name and password.');
    try {
      const user = await this.login.login(username, form.password, req.ip ?? '');
      await this.sessions.start(req, res, user.id);
      res.redirect(303, ru);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      if (e.headers['Retry-After']) res.setHeader('Retry-After', e.headers['Retry-After']);
      page(httpStatusOf(e), httpStatusOf(e) === 429 ? 'Too many failed attempts. Wait a few minutes and try again.' : 'Wrong user name or password.');
    }
  }

  async logout(req: Request, res: Response, form: Form): Promise<void> {
    const session = await this.sessions.read(req);
    if (session && (!sameOrigin(req) || !this.sessions.checkCsrf(session, form._csrf))) {
      return this.send(res, 403, (nonce) => messagePage({ nonce }, 'Not signed out', FORGED));
    }
    await this.sessions.end(req, res);
    if (session) await this.audit.record({ action: AuditAction.Logout, actor: { id: session.userId }, address: req.ip ?? null });
    res.redirect(303, '/login');
  }

  async list(req: Request, res: Response): Promise<void> {
    const me = await this.signedIn(req);
    if (!me) return res.redirect(302, '/login?ru=/tokens');
    const done = typeof req.query.done === 'string' ? DONE[req.query.done] : undefined;
    const page = await this.tokens.listOfUser(me.caller, me.caller.id, {});
    this.send(res, 200, (nonce) => tokensPage(this.ctx(me, nonce), page.items, done));
  }

  async newForm(req: Request, res: Response): Promise<void> {
    const me = await this.signedIn(req);
    if (!me) return res.redirect(302, '/login?ru=/tokens/new');
    this.send(res, 200, (nonce) => newTokenPage(this.ctx(me, nonce), {}));
  }

  async create(req: Request, res: Response, form: Form): Promise<void> {
    const me = await this.signedIn(req);
    if (!me) return res.redirect(303, '/login?ru=/tokens/new');
    const name = typeof form.name === 'string' ? form.name.trim() : '';
    const expires = typeof form.expires === 'string' ? form.expires : undefined;
    const again = (status: number, error: string) => this.send(res, status, (nonce) => newTokenPage(this.ctx(me, nonce), { name, expires, error }));
    if (!this.validPost(req, me, form)) return again(403, FORGED);
    if (!name) return again(400, 'Enter a name for the token.');
    if (name.length > 60) return again(400, 'The name can be at most 60 characters long.');
    const expiresAt = expiryFromForm(form.expires);
    if (expiresAt === undefined) return again(400, 'Choose one of the offered expiry times.');
    try {
      const created = await this.tokens.create(me.caller, { name, ...(expiresAt ? { expiresAt } : {}) });
      const baseUrl = `${req.protocol}://${req.get('host') ?? 'localhost'}`;
      this.send(res, 201, (nonce) => createdTokenPage(this.ctx(me, nonce), created, created.token, baseUrl));
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      if (httpStatusOf(e) === 409) return again(409, `You already have a token named “${name}”. Choose another name.`);
      again(httpStatusOf(e), e.items[0]?.message ?? 'The token could not be created.');
    }
  }

  async change(req: Request, res: Response, id: string, form: Form, action: 'revoke' | 'delete'): Promise<void> {
    const me = await this.signedIn(req);
    if (!me) return res.redirect(303, '/login?ru=/tokens');
    if (!this.validPost(req, me, form)) return this.send(res, 403, (nonce) => messagePage(this.ctx(me, nonce), 'Nothing changed', FORGED));
    try {
      if (action === 'revoke') await this.tokens.revoke(me.caller, id);
      else await this.tokens.remove(me.caller, id);
      res.redirect(303, `/tokens?done=${action === 'revoke' ? 'revoked' : 'deleted'}`);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      const message = httpStatusOf(e) === 404 ? 'There is no such token.' : (e.items[0]?.message ?? 'Nothing changed.');
      this.send(res, httpStatusOf(e), (nonce) => messagePage(this.ctx(me, nonce), 'Nothing changed', message));
    }
  }

  /** The signed-in user, read fresh from the database (deleted users are signed out); other page services use it too. */
  async signedIn(req: Request): Promise<SignedIn | undefined> {
    const session = await this.sessions.read(req);
    if (!session) return undefined;
    const user = await this.users.findByKey(session.userId);
    if (!user) return undefined;
    return { session, caller: callerOf({ ...user, profileName: user.profile?.name ?? '' }, SESSION_CREDENTIALS, req.ip ?? null) };
  }

  validPost(req: Request, me: SignedIn, form: Form): boolean {
    return sameOrigin(req) && this.sessions.checkCsrf(me.session, form._csrf);
  }

  ctx(me: SignedIn, nonce: string): PageContext {
    return { nonce, csrf: this.sessions.csrfToken(me.session), userName: me.caller.name };
  }

  /** Sends a page with its own CSP nonce; pages are never cached. */
  private send(res: Response, status: number, render: (nonce: string) => string): void {
    sendPage(res, status, render);
  }
}

/** `ru` when it is a path on this site, else /tokens (never another origin). */
export function safeReturn(ru: unknown): string {
  if (typeof ru !== 'string' || ru.length > 2000 || !ru.startsWith('/') || ru.includes('\\') || hasControl(ru)) return '/tokens';
  try {
    const url = new URL(ru, 'http://this.site');
    return url.origin === 'http://this.site' ? url.pathname + url.search + url.hash : '/tokens';
  } catch {
    return '/tokens';
  }
}

function hasControl(s: string): boolean {
  return [...s].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
}

/** False for a post that says it comes from another site (Origin or Sec-Fetch-Site). */
export function sameOrigin(req: Request): boolean {
  const site = req.get('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none') return false;
  const origin = req.get('origin');
  if (origin === undefined) return true;
  // Browsers send "null" under a no-referrer policy; then only Sec-Fetch-Site can vouch for it.
  if (origin === 'null') return site === 'same-origin';
  return origin === `${req.protocol}://${req.get('host')}`;
}
