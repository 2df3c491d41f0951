// The operator console's live parts: every 2 s, /console/live fills the tables of
// registrations, calls and meetings and the listener line. Text goes in as text, never as HTML.
const REFRESH_MS = 2000;

/** @param {string} tag @param {string} [text] @param {string} [cls] */
function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

/** @param {number} s */
function age(s) {
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

/** @param {HTMLElement} tbody @param {string[][]} rows @param {number} cols @param {string} empty */
function fill(tbody, rows, cols, empty) {
  tbody.replaceChildren(
    ...(rows.length
      ? rows.map((cells) => {
          const tr = el('tr');
          cells.forEach((c) => tr.append(el('td', c)));
          return tr;
        })
      : [(() => {
          const tr = el('tr');
          const td = el('td', empty, 'muted');
          td.colSpan = cols;
          tr.append(td);
          return tr;
        })()]),
  );
}

function meetings(rooms, grace) {
  const box = document.getElementById('meetings');
  if (!rooms.length) {
    box.replaceChildren(el('p', 'No meetings right now.', 'muted'));
    return;
  }
  box.replaceChildren(
    ...rooms.map((r) => {
      const section = el('div', undefined, 'room');
      section.dataset.room = r.id;
      section.append(el('h3', `${r.name || 'Room'} `));
      section.firstChild.append(el('code', r.id, 'muted small'));
      const table = el('table');
      const head = el('tr');
      ['Who', 'State', 'Since', 'Grace left'].forEach((h) => head.append(el('th', h)));
      table.append(el('thead'));
      table.tHead.append(head);
      const body = el('tbody');
      r.seats.forEach((s) => {
        const tr = el('tr');
        tr.append(el('td', s.name + (s.owner ? ' (owner)' : '')));
        tr.append(el('td', s.state === 'LOST' ? 'lost' : 'connected', s.state === 'LOST' ? 'warn' : 'ok'));
        tr.append(el('td', `${age(s.joinedSecondsAgo)} ago`));
        tr.append(el('td', s.graceLeft == null ? '—' : `${s.graceLeft} s of ${grace} s`));
        body.append(tr);
      });
      table.append(body);
      section.append(table);
      return section;
    }),
  );
}

async function refresh() {
  let live;
  try {
    const r = await fetch('/console/live', { cache: 'no-store', credentials: 'same-origin' });
    if (r.status === 401) {
      location.reload();
      return;
    }
    if (!r.ok) throw new Error(`HTTP ${r.status}`);
    live = await r.json();
  } catch {
    document.getElementById('counters').textContent = 'Live data unavailable; retrying…';
    return;
  }
  const l = live.listener;
  const state = document.getElementById('listener-state');
  state.textContent = l.running
    ? `Listening on UDP and TCP port ${l.port}`
    : l.error
      ? `Cannot listen on port ${l.port}: ${l.error}`
      : 'UDP and TCP are off';
  state.className = l.running ? 'ok' : 'off';
  const c = live.counters;
  document.getElementById('counters').textContent =
    `${c.webSockets} WebSocket and ${c.tcpConnections} TCP connections · ` +
    `${c.bad} bad messages, ${c.dropped} dropped by the flood limit since start`;
  fill(
    document.getElementById('registrations'),
    live.registrations.map((r) => [r.user, r.device || r.contact, r.transport, r.from, age(r.expiresIn)]),
    5,
    'Nobody is registered.',
  );
  fill(
    document.getElementById('calls'),
    live.calls.map((k) => [k.from, k.to, k.state, k.transports, age(k.seconds)]),
    5,
    'No calls right now.',
  );
  meetings(live.rooms, live.graceSeconds);
}

refresh();
setInterval(refresh, REFRESH_MS);
