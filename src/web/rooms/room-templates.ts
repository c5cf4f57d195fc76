import { csrfField, layout, PageContext } from '../templates';
import { Html, html } from '../html';
import { ROOM_PAGE_JS } from './room-page.script';

/** A bot as the room page shows it. */
export interface RoomPageBot {
  id: string;
  name: string;
  displayName: string;
  version: string;
  status: 'online' | 'idle' | 'off';
  url?: string;
  helpUrl?: string;
  ownerUrl?: string;
}

/** The room page's data. */
export interface RoomPageData {
  room: { id: number; name: string; active: boolean; externalId?: string };
  typeName: string;
  canEdit: boolean;
  bots: RoomPageBot[];
  events: { id: string; log: string; createdAt: string }[];
}

const STYLE = `
.room-head { display:flex; justify-content:space-between; align-items:flex-start; gap:1rem; flex-wrap:wrap; }
.room-grid { display:grid; grid-template-columns: minmax(0, 2fr) minmax(16rem, 1fr); gap: 1.5rem; margin-top: 1.5rem; }
@media (max-width: 50rem) { .room-grid { grid-template-columns: 1fr; } }
.bot { margin-bottom: 1.5rem; }
.bot h3 { margin: 0; font-size: 1.05rem; display:flex; align-items:center; gap:.5rem; }
.bot iframe { width: 100%; height: 240px; border: 1px solid var(--line); border-radius: 8px; background: #fff; margin-top: .5rem; }
.dot { width:.7rem; height:.7rem; border-radius:50%; display:inline-block; background: var(--muted); }
.dot.online { background: var(--ok); } .dot.idle { background: var(--warn); }
#timeline { list-style: none; margin: 0; padding: 0; max-height: 36rem; overflow:auto; }
#timeline li { padding: .45rem 0; border-bottom: 1px solid var(--line); display:flex; gap:.75rem; }
#timeline time { color: var(--muted); font-size: .85rem; white-space: nowrap; }
`;

const STATUS_TEXT = { online: 'online', idle: 'active, no recent heartbeat', off: 'inactive' } as const;

function botCard(roomId: number, b: RoomPageBot): Html {
  const links = [
    b.url ? html`<a href="${b.url}" rel="noopener noreferrer">Bot</a>` : '',
    b.helpUrl ? html`<a href="${b.helpUrl}" rel="noopener noreferrer">Help</a>` : '',
    b.ownerUrl ? html`<a href="${b.ownerUrl}" rel="noopener noreferrer">Owner</a>` : '',
  ].filter(Boolean);
  return html`<section class="bot card" aria-label="${b.displayName}">
    <h3><span class="dot ${b.status}" title="${STATUS_TEXT[b.status]}"></span>${b.displayName}
      <span class="visually-hidden">(${STATUS_TEXT[b.status]})</span></h3>
    <div class="hint">v${b.version}${links.length ? html` · ${links.map((l, i) => html`${i ? ' · ' : ''}${l}`)}` : ''}</div>
    <iframe sandbox="allow-scripts" data-bot-id="${b.id}" data-bot="${b.name}" title="${b.displayName}" loading="lazy"
      src="/rooms/${roomId}/bots/${encodeURIComponent(b.name)}/frame"></iframe>
  </section>`;
}

/** `/rooms/{id}`: the room, its type, the active toggle, the live timeline and the bots' UIs. */
export function roomPage(ctx: PageContext, d: RoomPageData): string {
  const r = d.room;
  const toggle = d.canEdit
    ? html`<form method="post" action="/rooms/${r.id}/active">${csrfField(ctx)}
        <input type="hidden" name="active" value="${r.active ? 'false' : 'true'}">
        <button type="submit" class="secondary">${r.active ? 'Deactivate room' : 'Activate room'}</button></form>`
    : html`<span class="hint">Only the room's writers may change it.</span>`;
  const events = d.events.length
    ? d.events.map((e) => html`<li data-event-id="${e.id}"><time datetime="${e.createdAt}">${new Date(e.createdAt).toISOString().slice(11, 19)}</time><span class="log">${e.log}</span></li>`)
    : html`<li id="timeline-empty" class="hint">No events yet.</li>`;
  const body = html`<style nonce="${ctx.nonce}">${new Html(STYLE)}</style>
  <div id="room" data-room-id="${r.id}">
    <div class="room-head card">
      <div>
        <h1>${r.name}</h1>
        <div class="hint">Type <strong>${d.typeName}</strong> · room ${r.id}${r.externalId ? html` · external id ${r.externalId}` : ''}</div>
        <p>Status: <strong id="room-active">${r.active ? 'active' : 'inactive'}</strong> · <span id="live-status" class="badge revoked" role="status">Connecting…</span></p>
      </div>
      <div class="actions">${toggle}</div>
    </div>
    <div class="room-grid">
      <div>${d.bots.length ? d.bots.map((b) => botCard(r.id, b)) : html`<p class="card hint">No bots in this room.</p>`}</div>
      <section class="card" aria-labelledby="timeline-title"><h2 id="timeline-title">Timeline</h2><ol id="timeline" aria-live="polite">${events}</ol></section>
    </div>
  </div>
  <script nonce="${ctx.nonce}">${new Html(ROOM_PAGE_JS)}</script>`;
  return layout(ctx, `Room ${r.name}`, body);
}
