// The data panel under the tiles: for a source credential its streams, the
// fetch form, progress, preview and summary (host_sim/web_data_panel.hpp,
// web_fetch_job.hpp); for a destination credential write_panel.js.
import { $, put, el, api, problemText } from './page.js';
import { openWritePanel, closeWritePanel } from './write_panel.js';

const panel = { selected: null, id: null, name: '', streams: null, fetch: null, timer: null, polling: false, generation: 0 };

// The credential whose panel is open, or null.
export function selectedCredential() { return panel.selected; }

export function closePanel() {
  panel.generation++;
  closeWritePanel();
  if (panel.timer) clearTimeout(panel.timer);
  panel.timer = null;
  panel.id = null;
  panel.selected = null;
  $('data-panel').hidden = true;
  $('data-panel').replaceChildren();
  for (const node of document.querySelectorAll('.tile.selected')) node.classList.remove('selected');
}

// A tile was chosen: a destination credential shows its write operations,
// a source credential its streams.
export function openCredential(credential, direction) {
  if (direction === 'destination') selectDestination(credential);
  else selectCredential(credential);
}

// A destination credential: its write operations, and writing
// (write_panel.js).
function selectDestination(credential) {
  closePanel();
  panel.selected = credential.id;
  for (const node of document.querySelectorAll('.tile.credential')) {
    node.classList.toggle('selected', node.getAttribute('data-id') === String(credential.id));
  }
  const box = $('data-panel');
  box.hidden = false;
  openWritePanel(box, credential);
}

async function selectCredential(credential) {
  closePanel();
  panel.selected = credential.id;
  panel.id = credential.id;
  panel.name = credential.name;
  const generation = panel.generation;
  for (const node of document.querySelectorAll('.tile.credential')) {
    node.classList.toggle('selected', node.getAttribute('data-id') === String(credential.id));
  }
  const box = $('data-panel');
  box.hidden = false;
  box.setAttribute('data-state', 'loading');
  box.replaceChildren(el('h2', { id: 'data-title' }, 'Data: ' + credential.name),
    el('p', { class: 'muted', id: 'panel-loading' }, 'Asking Zoom which streams this credential may read\u2026'));
  const [streams, current] = await Promise.all([
    api('GET', '/api/credentials/' + credential.id + '/streams', undefined, 60000),
    api('GET', '/api/credentials/' + credential.id + '/fetch'),
  ]);
  if (generation !== panel.generation) return;
  if (streams.status !== 200) {
    box.setAttribute('data-state', 'error');
    box.replaceChildren(el('h2', { id: 'data-title' }, 'Data: ' + credential.name),
      el('p', { class: 'problem', id: 'fetch-error', role: 'alert' }, 'Cannot list the streams: ' + problemText(streams.status, streams.data)),
      el('button', { type: 'button', class: 'secondary', onclick: () => selectCredential(credential) }, 'Try again'));
    return;
  }
  panel.streams = streams.data;
  drawPanel();
  box.setAttribute('data-state', 'ready');
  if (current.status === 200 && current.data.fetch) {
    showFetch(current.data.fetch);
    if (current.data.fetch.status === 'running') poll(generation);
  }
}

function drawPanel() {
  const info = panel.streams;
  const rows = info.streams.map((s) => {
    const choice = el('input', {
      type: 'checkbox', class: 'stream-choice', value: s.name, id: 'stream-' + s.name,
      disabled: !s.allowed, 'aria-describedby': 'stream-' + s.name + '-why',
    });
    return el('tr', { 'data-stream': s.name, class: s.allowed ? 'allowed' : 'blocked' },
      el('td', {}, choice),
      el('td', {}, el('label', { for: 'stream-' + s.name }, s.name), s.dated ? el('span', { class: 'tag' }, 'dated') : null),
      el('td', { class: 'muted' }, s.title || ''),
      el('td', { id: 'stream-' + s.name + '-why', class: s.allowed ? 'ok-text' : 'problem' },
        s.allowed ? 'allowed' : (s.missing_scopes.length ? 'needs ' + s.missing_scopes.join(' or ') : 'not allowed by the last verdict')));
  });
  const allowed = info.streams.filter((s) => s.allowed).length;
  const checkpoint = info.checkpoint && info.checkpoint.saved
    ? 'Saved checkpoint: ' + info.checkpoint.text
    : 'No checkpoint saved for this credential: resume and full refresh both start from the beginning.';
  put($('data-panel'),
    el('h2', { id: 'data-title' }, 'Data: ' + info.name),
    el('p', { class: 'muted' }, allowed + ' of ' + info.streams.length + ' streams are allowed for this credential' +
      (info.marked_by_plugin ? ' (its token\u2019s scopes, checked just now).' : '.')),
    info.note ? el('p', { class: 'problem small' }, info.note) : null,
    el('table', { class: 'streams', id: 'stream-table' },
      el('thead', {}, el('tr', {}, el('th', {}, ''), el('th', {}, 'Stream'), el('th', {}, 'What'), el('th', {}, 'Access'))),
      el('tbody', {}, ...rows)),
    el('div', { class: 'fetch-form' },
      el('label', { for: 'fetch-from' }, 'From'), el('input', { type: 'date', id: 'fetch-from', oninput: checkDates }),
      el('label', { for: 'fetch-to' }, 'To'), el('input', { type: 'date', id: 'fetch-to', oninput: checkDates }),
      el('span', { class: 'muted small' }, 'for dated streams; empty: the connector\u2019s default window'),
      el('fieldset', { class: 'mode' },
        el('legend', {}, 'Start'),
        el('label', {}, el('input', { type: 'radio', name: 'fetch-mode', value: 'resume', id: 'mode-resume', checked: true }), ' Resume from the saved checkpoint'),
        el('label', {}, el('input', { type: 'radio', name: 'fetch-mode', value: 'full_refresh', id: 'mode-full' }), ' Full refresh (from the beginning)')),
      el('p', { id: 'checkpoint-state', class: 'small' }, checkpoint),
      el('div', { class: 'buttons' },
        el('button', { type: 'button', class: 'primary', id: 'fetch-start', onclick: startFetch }, 'Fetch'),
        el('button', { type: 'button', class: 'secondary', id: 'fetch-stop', disabled: true, onclick: stopFetch }, 'Stop'))),
    el('p', { id: 'fetch-error', class: 'problem', role: 'alert', hidden: true }),
    el('div', { id: 'fetch-status', class: 'fetch-status', 'data-state': 'idle', hidden: true }),
    el('div', { id: 'fetch-progress' }),
    el('div', { id: 'fetch-summary' }),
    el('div', { id: 'fetch-preview' }),
    el('p', { class: 'muted small command' }, 'The preview keeps ' + info.preview_rows + ' records per stream and saves no checkpoint. ' +
      'To write every record to a file and save checkpoints, run in a terminal: ', el('code', { id: 'fetch-command' }, info.command)));
}

function fetchError(text) {
  const box = $('fetch-error');
  if (!box) return;
  box.textContent = text;
  box.hidden = !text;
  panel.requestError = false;
}

// The dates as chosen: an error while To is before From, and none once that
// is fixed (also an error the plugin gave for the last request's dates).
function dateProblem() {
  const from = $('fetch-from').value;
  const to = $('fetch-to').value;
  return from && to && to < from ? 'The To date (' + to + ') is before the From date (' + from + ').' : '';
}

function checkDates() {
  const problem = dateProblem();
  if (problem) { fetchError(problem); panel.requestError = true; return; }
  if (panel.requestError) {
    fetchError('');
    if (panel.fetch && panel.fetch.status === 'failed') clearFetch();
  }
}

// A request the plugin refused leaves nothing to show but its error.
function clearFetch() {
  panel.fetch = null;
  const line = $('fetch-status');
  line.hidden = true;
  for (const id of ['fetch-progress', 'fetch-summary', 'fetch-preview']) $(id).replaceChildren();
}

function setFetching(running) {
  const start = $('fetch-start');
  const stop = $('fetch-stop');
  if (start) { start.disabled = running; start.textContent = running ? 'Fetching\u2026' : 'Fetch'; }
  if (stop) stop.disabled = !running;
}

async function startFetch() {
  const streams = [...document.querySelectorAll('.stream-choice:checked')].map((c) => c.value);
  if (streams.length === 0) { fetchError('Choose at least one stream.'); return; }
  const problem = dateProblem();
  if (problem) { fetchError(problem); panel.requestError = true; return; }
  fetchError('');
  const mode = document.querySelector('input[name="fetch-mode"]:checked');
  const body = { streams, mode: mode ? mode.value : 'resume', from: $('fetch-from').value, to: $('fetch-to').value };
  const generation = panel.generation;
  setFetching(true);
  const { status, data } = await api('POST', '/api/credentials/' + panel.id + '/fetch', body);
  if (generation !== panel.generation) return;
  if (status !== 202) {
    setFetching(false);
    fetchError('The fetch did not start: ' + problemText(status, data));
    panel.requestError = true;
    return;
  }
  showFetch(data.fetch);
  poll(generation);
}

async function stopFetch() {
  const button = $('fetch-stop');
  if (button) button.disabled = true;
  const { status, data } = await api('POST', '/api/credentials/' + panel.id + '/fetch/stop', {});
  if (status !== 200) {
    fetchError('Could not stop the fetch: ' + problemText(status, data));
    if (button) button.disabled = false;
  }
}

function poll(generation) {
  if (panel.timer) clearTimeout(panel.timer);
  panel.timer = setTimeout(async () => {
    panel.timer = null;
    const { status, data } = await api('GET', '/api/credentials/' + panel.id + '/fetch', undefined, 10000);
    if (generation !== panel.generation) return;
    if (status !== 200 || !data.fetch) {
      // No spinner left behind: the state is unknown, and the page says so.
      const line = $('fetch-status');
      if (line) {
        line.setAttribute('data-state', 'error');
        line.className = 'fetch-status error';
        line.textContent = 'Unknown: host_sim stopped answering while the fetch was running.';
      }
      setFetching(false);
      fetchError('Lost contact with host_sim: ' + problemText(status, data) +
        ' Start it again and reload this page; a web fetch saves no checkpoint, so nothing is half-saved.');
      return;
    }
    showFetch(data.fetch);
    if (data.fetch.status === 'running') poll(generation);
  }, 500);
}

function cell(text, attrs) { return el('td', attrs || {}, text === undefined || text === null ? '' : String(text)); }

// "60 of 160 meetings read": a child stream is read per record of its parent.
function partitionWords(s) {
  const done = s.partitions_done || 0;
  const skipped = s.partitions_skipped ? ', ' + s.partitions_skipped + ' skipped' : '';
  if (s.parent) {
    const of = typeof s.partitions_expected === 'number' && done <= s.partitions_expected ? ' of ' + s.partitions_expected : '';
    return done + of + ' ' + s.parent + ' read' + skipped;
  }
  return done + (done === 1 ? ' listing' : ' listings') + ' read' + skipped;
}

function showFetch(job) {
  panel.fetch = job;
  const running = job.status === 'running';
  setFetching(running);
  // Refused before any page was read (a bad date, say): one error, no tables.
  const nothingRead = job.streams.every((s) => !s.pages && !s.records && !s.requests);
  if (job.status === 'failed' && nothingRead) {
    clearFetch();
    panel.fetch = job;
    fetchError('The fetch did not start: ' + job.message);
    panel.requestError = true;
    return;
  }
  const words = { running: 'Fetching\u2026', done: 'Done', failed: 'Failed', stopped: 'Stopped' };
  const line = $('fetch-status');
  line.hidden = false;
  line.className = 'fetch-status ' + job.status;
  line.setAttribute('data-state', job.status);
  put(line,
    running ? el('span', { class: 'spinner', 'aria-hidden': 'true' }) : null,
    el('b', {}, (words[job.status] || job.status) + ' '),
    (running ? 'for ' : 'in ') + job.elapsed +
      (job.mode === 'resume' ? (job.resumed_from ? ', resuming from the saved checkpoint (' + job.resumed_from + ')' : ', from the beginning (no checkpoint saved)') : ', full refresh') +
      (job.message ? ': ' + job.message : '') + '. ',
    el('span', { class: 'muted' }, job.checkpoint_note + '.'));
  if (job.status === 'failed') fetchError('The fetch failed: ' + job.message);

  const head = ['Stream', 'Records', 'Pages', 'Requests', 'Retries', '429s', 'Read', 'ETA'];
  $('fetch-progress').replaceChildren(el('table', { class: 'progress' },
    el('thead', {}, el('tr', {}, ...head.map((h) => el('th', {}, h)))),
    el('tbody', {}, ...job.streams.map((s) => el('tr', { 'data-stream': s.name },
      cell(s.name), cell(s.records, { class: 'records' }), cell(s.pages), cell(s.requests), cell(s.retries),
      cell(s.throttled, { class: 'throttled' }),
      cell(partitionWords(s), { class: 'partitions' }),
      cell(s.eta, { class: 'eta' }))))));

  $('fetch-summary').replaceChildren(...(job.summary.length ? [
    el('h3', {}, 'Summary'),
    el('ul', { class: 'summary' }, ...job.summary.map((text) => el('li', {}, text)))] : []));

  $('fetch-preview').replaceChildren(...job.preview.map((p) => el('div', { class: 'preview' },
    el('h3', {}, p.stream + ': first ' + p.rows.length + ' of ' + p.records + ' records'),
    p.rows.length === 0 ? el('p', { class: 'muted small' }, running ? 'No records yet.' : 'No records.') :
      el('div', { class: 'scroll' }, el('table', { class: 'records', 'data-stream': p.stream },
        el('thead', {}, el('tr', {}, ...p.columns.map((c) => el('th', {}, c)))),
        el('tbody', {}, ...p.rows.map((r) => el('tr', {}, ...r.map((v) => cell(v, { title: v }))))))))));
}
