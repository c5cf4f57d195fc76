/**
 * The room page's script (inline, with the page's nonce): the live timeline from the room's
 * event stream (Server-Sent Events, the session cookie), each change handed to the bot frames
 * as the original's CustomEvents, and frame heights from the frames' `postMessage({name, height})`.
 */
export const ROOM_PAGE_JS = String.raw`(function () {
  'use strict';
  var root = document.getElementById('room');
  if (!root) return;
  var roomId = root.getAttribute('data-room-id');
  var timeline = document.getElementById('timeline');
  var live = document.getElementById('live-status');
  var frames = Array.prototype.slice.call(document.querySelectorAll('iframe[data-bot-id]'));
  function post(frame, name, detail) {
    if (frame.contentWindow) frame.contentWindow.postMessage({ type: 'refocus.room.event', name: name, detail: detail }, '*');
  }
  function toBot(botId, name, detail) {
    frames.forEach(function (f) { if (f.getAttribute('data-bot-id') === botId) post(f, name, detail); });
  }
  function toAll(name, detail) { frames.forEach(function (f) { post(f, name, detail); }); }
  function addEvent(e) {
    var li = document.createElement('li');
    var time = document.createElement('time');
    time.dateTime = e.createdAt;
    time.textContent = new Date(e.createdAt).toLocaleTimeString();
    var text = document.createElement('span');
    text.className = 'log';
    text.textContent = e.log;
    li.appendChild(time);
    li.appendChild(text);
    li.setAttribute('data-event-id', e.id);
    timeline.insertBefore(li, timeline.firstChild);
    var empty = document.getElementById('timeline-empty');
    if (empty) empty.remove();
  }
  var source = new EventSource('/rooms/' + encodeURIComponent(roomId) + '/stream');
  source.onopen = function () { live.textContent = 'Live'; live.className = 'badge'; };
  source.onerror = function () { live.textContent = 'Reconnecting…'; live.className = 'badge revoked'; };
  source.addEventListener('change', function (m) {
    var c = JSON.parse(m.data);
    if (c.name === 'bot.event.add') { addEvent(c.record); toAll('refocus.events', c.record); }
    else if (c.name === 'bot.action.add' || c.name === 'bot.action.update') toBot(c.botId, 'refocus.bot.actions', c.record);
    else if (c.name === 'bot.data.add' || c.name === 'bot.data.update') toBot(c.botId, 'refocus.bot.data', c.record);
    else if (c.name === 'room.settingsChanged') toAll('refocus.room.settings', c.record);
  });
  window.addEventListener('message', function (e) {
    var d = e.data;
    if (!d || typeof d.height !== 'number') return;
    frames.forEach(function (f) {
      if (f.contentWindow === e.source) f.style.height = Math.max(40, Math.min(4000, Math.round(d.height))) + 'px';
    });
  });
})();`;
