// The destination panel: the write operations a credential may use, the
// chosen one's record fields, JSON Lines pasted or uploaded, a dry run that
// lists the calls, the write with progress and Stop, its results table and
// download (host_sim/web_write_panel.hpp, web_write_job.hpp). Also the
// saved source credentials a destination may use without retyping a secret.
import { $, put, el, api, problemText } from './page.js';

const state = { id: null, info: null, job: null, timer: null, generation: 0, startOver: false };

export function closeWritePanel() {
  state.generation++;
  if (state.timer) clearTimeout(state.timer);
  state.timer = null;
  state.id = null;
  state.info = null;
}

function writeError(text, lines) {
  const box = $('write-error');
  if (!box) return;
  box.textContent = text || '';
  box.hidden = !text;
  put($('write-line-errors'), ...(lines || []).map((l) =>
    el('li', { 'data-line': l.line }, 'Line ' + l.line + ': ' + l.reason)));
}

// Opens the panel in `box` for a destination credential.
export async function openWritePanel(box, credential) {
  closeWritePanel();
  state.id = credential.id;
  const generation = state.generation;
  box.setAttribute('data-state', 'loading');
  box.replaceChildren(el('h2', { id: 'data-title' }, 'Write: ' + credential.name),
    el('p', { class: 'muted' }, 'Asking Zoom which write operations this credential may use\u2026'));
  const [ops, current] = await Promise.all([
    api('GET', '/api/credentials/' + credential.id + '/write/operations', undefined, 60000),
    api('GET', '/api/credentials/' + credential.id + '/write'),
  ]);
  if (generation !== state.generation) return;
  if (ops.status !== 200) {
    box.setAttribute('data-state', 'error');
    box.replaceChildren(el('h2', { id: 'data-title' }, 'Write: ' + credential.name),
      el('p', { class: 'problem', role: 'alert' }, 'Cannot list the write operations: ' + problemText(ops.status, ops.data)));
    return;
  }
  state.info = ops.data;
  draw(box);
  box.setAttribute('data-state', 'ready');
  if (current.status === 200 && current.data.write) {
    showJob(current.data.write);
    if (current.data.write.status === 'running') poll(generation);
  }
}

function operationItem(op) {
  if (!op.allowed) {
    return el('li', { class: 'blocked', 'data-operation': op.name },
      op.name + ': needs ' + (op.missing_scopes.length ? op.missing_scopes.join(' or ') : 'a scope the last verdict did not grant'));
  }
  return el('li', { class: 'allowed', 'data-operation': op.name },
    el('label', {}, el('input', { type: 'radio', name: 'write-operation', value: op.name, onchange: () => pick(op) }),
      ' ', el('b', {}, op.name), ' ', el('span', { class: 'muted' }, op.title + ' (' + op.method + ' ' + op.path + ')')));
}

function draw(box) {
  const info = state.info;
  const allowed = info.operations.filter((o) => o.allowed).length;
  put(box,
    el('h2', { id: 'data-title' }, 'Write: ' + info.name),
    el('p', { id: 'operations-count' }, allowed + ' of ' + info.operations.length + ' write operations are allowed'),
    info.note ? el('p', { class: 'problem small' }, info.note) : null,
    el('ul', { id: 'operations', class: 'operations' }, ...info.operations.map(operationItem)),
    el('div', { id: 'write-fields' }),
    el('div', { class: 'write-form' },
      el('label', { for: 'write-lines' }, 'Records: JSON Lines, one record a line (at most ' +
        info.max_lines + ' lines, ' + Math.round(info.max_bytes / 1048576) + ' MiB)'),
      el('textarea', { id: 'write-lines', rows: '6', spellcheck: 'false', placeholder: '{"field": "value", ...}' }),
      el('label', { class: 'small' }, 'or upload a .jsonl file: ',
        el('input', { type: 'file', id: 'write-file', accept: '.jsonl,.json,.txt,application/x-ndjson', onchange: upload })),
      el('div', { class: 'buttons' },
        el('button', { type: 'button', class: 'secondary', id: 'write-dry-run', onclick: () => start(true) }, 'Dry run'),
        el('button', { type: 'button', class: 'primary', id: 'write-start', onclick: () => start(false) }, 'Write'),
        el('button', { type: 'button', class: 'secondary', id: 'write-stop', disabled: true, onclick: stop }, 'Stop'))),
    el('p', { id: 'write-error', class: 'problem', role: 'alert', hidden: true }),
    el('ul', { id: 'write-line-errors', class: 'problem small' }),
    el('div', { id: 'write-status', class: 'fetch-status', 'data-state': 'idle', hidden: true }),
    el('div', { id: 'write-results' }),
    el('p', { class: 'muted small command' }, 'The same write from a terminal (--dry-run shows the calls): ',
      el('code', { id: 'write-command' }, info.command)));
}

function pick(op) {
  put($('write-fields'),
    el('h3', {}, op.name + ': ' + op.description),
    el('table', { class: 'fields', id: 'field-table', 'data-operation': op.name },
      el('thead', {}, el('tr', {}, ...['Field', 'Type', 'Required', 'Description'].map((h) => el('th', {}, h)))),
      el('tbody', {}, ...op.fields.map((f) => el('tr', { 'data-field': f.name },
        el('td', {}, el('code', {}, f.name)), el('td', {}, f.type),
        el('td', { class: f.required ? 'required' : 'muted' }, f.required ? 'required' : 'optional'),
        el('td', {}, f.description))))));
}

function upload(event) {
  const file = event.target.files && event.target.files[0];
  if (!file) return;
  if (file.size > state.info.max_bytes) {
    writeError('The file is larger than ' + Math.round(state.info.max_bytes / 1048576) + ' MiB: write it with the command line.');
    return;
  }
  const reader = new FileReader();
  reader.onload = () => { $('write-lines').value = String(reader.result); writeError(''); };
  reader.onerror = () => writeError('Cannot read the file.');
  reader.readAsText(file);
}

function setRunning(running) {
  for (const id of ['write-dry-run', 'write-start']) { if ($(id)) $(id).disabled = running; }
  if ($('write-stop')) $('write-stop').disabled = !running;
}

async function start(dryRun) {
  const chosen = document.querySelector('input[name="write-operation"]:checked');
  if (!chosen) { writeError('Choose a write operation.'); return; }
  const lines = $('write-lines').value;
  if (!lines.trim()) { writeError('Paste or upload JSON Lines: one record a line.'); return; }
  writeError('');
  const generation = state.generation;
  setRunning(true);
  const body = { operation: chosen.value, dry_run: dryRun, lines, start_over: state.startOver };
  const { status, data } = await api('POST', '/api/credentials/' + state.id + '/write', body, 60000);
  if (generation !== state.generation) return;
  state.startOver = false;
  if (status !== 202) {
    setRunning(false);
    writeError((dryRun ? 'The dry run' : 'The write') + ' did not start: ' + problemText(status, data),
      Array.isArray(data.lines) ? data.lines : []);
    if (data.start_over) {
      $('write-error').append(' ', el('button', { type: 'button', class: 'secondary', id: 'write-start-over',
        onclick: () => { state.startOver = true; start(false); } }, 'Start over'));
    }
    return;
  }
  showJob(data.write);
  poll(generation);
}

async function stop() {
  $('write-stop').disabled = true;
  const { status, data } = await api('POST', '/api/credentials/' + state.id + '/write/stop', {});
  if (status !== 200) writeError('Could not stop the write: ' + problemText(status, data));
}

function poll(generation) {
  if (state.timer) clearTimeout(state.timer);
  state.timer = setTimeout(async () => {
    state.timer = null;
    const { status, data } = await api('GET', '/api/credentials/' + state.id + '/write', undefined, 10000);
    if (generation !== state.generation) return;
    if (status !== 200 || !data.write) {
      setRunning(false);
      writeError('Lost contact with host_sim: ' + problemText(status, data) +
        ' Start it again and write the same lines: the write goes on after what its checkpoint covers.');
      return;
    }
    showJob(data.write);
    if (data.write.status === 'running') poll(generation);
  }, 400);
}

function details(row) {
  const parts = [];
  if (row.call) parts.push(el('code', { class: 'call' }, row.call.method + ' ' + row.call.path),
    row.call.body ? el('pre', { class: 'call-body' }, row.call.body) : null);
  if (row.message) parts.push(el('div', {}, row.message));
  if (row.field_errors.length) parts.push(el('ul', { class: 'field-errors' },
    ...row.field_errors.map((f) => el('li', {}, el('code', {}, f.field), ': ' + f.message))));
  if (row.check) parts.push(el('div', { class: 'muted' }, 'Check: ' + row.check));
  return el('td', { class: 'details' }, ...parts);
}

function showJob(job) {
  state.job = job;
  const running = job.status === 'running';
  setRunning(running);
  const words = { running: job.dry_run ? 'Dry run\u2026' : 'Writing\u2026', done: 'Done', failed: 'Failed', stopped: 'Stopped' };
  const counts = Object.entries(job.counts).map(([word, n]) => n + ' ' + word).join(', ');
  const line = $('write-status');
  line.hidden = false;
  line.className = 'fetch-status ' + job.status;
  line.setAttribute('data-state', job.status);
  line.setAttribute('data-dry-run', job.dry_run ? 'true' : 'false');
  put(line,
    running ? el('span', { class: 'spinner', 'aria-hidden': 'true' }) : null,
    el('b', {}, (words[job.status] || job.status) + ' '),
    (job.dry_run ? 'dry run of ' : '') + job.operation + ': ' + job.stored + ' of ' + job.records + ' records' +
      (counts ? ' (' + counts + ')' : '') + ', ' + job.elapsed + (job.message ? '. ' + job.message : '') + '. ',
    !running ? el('a', { id: 'write-download', href: '/api/credentials/' + state.id + '/write/results', download: '' },
      'Download the results (JSON Lines)') : null);
  const cut = job.stored > job.rows.length ? el('p', { class: 'muted small' },
    'The first ' + job.rows.length + ' results are shown; the download has all ' + job.stored + '.') : null;
  put($('write-results'),
    job.rows.length ? el('table', { class: 'results', id: 'results-table' },
      el('thead', {}, el('tr', {}, ...['Line', 'Status', 'Zoom id', 'Details'].map((h) => el('th', {}, h)))),
      el('tbody', {}, ...job.rows.map((row) => el('tr', { 'data-line': row.line, 'data-outcome': row.outcome },
        el('td', {}, String(row.line)), el('td', { class: 'outcome ' + row.outcome }, row.outcome),
        el('td', { class: 'zoom-id' }, row.id), details(row))))) : null,
    cut,
    !running && job.closing.length ? el('ul', { class: 'summary', id: 'write-closing' },
      ...job.closing.map((text) => el('li', {}, text))) : null);
}

// The destination tab's offer: saved source credentials, each usable for
// writes at one click. host_sim copies the secret inside its store; the page
// never sees it.
export function sourceOffers(sources, onUsed) {
  const open = sources.filter((s) => !s.used);
  if (!open.length) return null;
  return el('section', { id: 'reuse', class: 'reuse' },
    el('h3', {}, 'Use a saved source credential for writes'),
    el('p', { class: 'muted small' }, 'The same account writes with the same app credential; the secret stays in host_sim\u2019s store and is not typed again.'),
    el('ul', {}, ...open.map((s) => el('li', { 'data-source': s.id },
      el('b', {}, s.name), ' ', el('span', { class: 'muted' }, '(' + s.last_status.replace(/_/g, ' ') + ') '),
      el('button', { type: 'button', class: 'secondary use-for-writes', onclick: (e) => useForWrites(s, e.target, onUsed) }, 'Use for writes')))));
}

async function useForWrites(source, button, onUsed) {
  button.disabled = true;
  button.textContent = 'Validating for writes\u2026';
  const { status, data } = await api('POST', '/api/credentials/' + source.id + '/use-for-writes', {}, 120000);
  const errors = data && data.errors ? Object.values(data.errors).join('; ') : '';
  onUsed(status === 201 ? null : (errors || problemText(status, data)), data);
}
