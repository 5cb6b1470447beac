// The Authenticate screen. Every piece of data reaches the page through
// textContent or element attributes set one by one, never as HTML.
'use strict';

const csrfToken = document.querySelector('meta[name="csrf-token"]').getAttribute('content');
const view = { direction: null, screen: null, editing: null, fresh: null, prefillUsed: false, selected: null };

function $(id) { return document.getElementById(id); }

// replaceChildren without the holes: null/false children are left out
// (replaceChildren itself would show them as the text "null").
function put(node, ...children) {
  node.replaceChildren(...children.filter((c) => c !== undefined && c !== null && c !== false));
}

// Builds an element: el('div', {class: 'x', onclick: f}, child, 'text', ...)
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    node.append(typeof child === 'string' || typeof child === 'number'
      ? document.createTextNode(String(child)) : child);
  }
  return node;
}

// Every call ends: an answer, or {status: 0, data: {error}} when host_sim
// does not answer (stopped, unreachable) within `timeoutMs`.
async function api(method, path, body, timeoutMs = 20000) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const options = {
    method, headers: { 'X-CSRF-Token': csrfToken }, credentials: 'same-origin', signal: controller.signal,
  };
  if (body !== undefined) {
    options.headers['Content-Type'] = 'application/json';
    options.body = JSON.stringify(body);
  }
  try {
    const response = await fetch(path, options);
    let data = null;
    try { data = await response.json(); } catch (e) { data = { error: 'the server answered something that is not JSON' }; }
    if (!data || typeof data !== 'object') data = { error: 'the server answered something unexpected' };
    return { status: response.status, data };
  } catch (e) {
    const why = controller.signal.aborted ? 'no answer within ' + Math.round(timeoutMs / 1000) + ' s'
      : 'the connection failed';
    return { status: 0, data: { error: 'host_sim did not answer (' + why + '): is it still running?' } };
  } finally {
    clearTimeout(timer);
  }
}

function problemText(status, data) {
  return (data && data.error) || ('the server answered HTTP ' + status);
}

// A request that failed, at the top of the page (load() clears it).
function problem(text) {
  $('load-error').textContent = text;
  $('load-error').hidden = false;
}

function notice(text) {
  $('notice').textContent = text;
  $('notice').hidden = !text;
}

function when(seconds) {
  return seconds ? new Date(seconds * 1000).toLocaleString() : 'never';
}

function titleCase(word) { return word ? word[0].toUpperCase() + word.slice(1) : word; }

async function load(direction) {
  const query = direction ? '?direction=' + encodeURIComponent(direction) : '';
  const { status, data } = await api('GET', '/api/screen' + query);
  if (status !== 200) {
    $('load-error').textContent = 'Cannot load the screen: ' + problemText(status, data);
    $('load-error').hidden = false;
    return false;
  }
  $('load-error').hidden = true;
  view.screen = data;
  view.direction = data.direction;
  render();
  return true;
}

function render() {
  const screen = view.screen;
  const name = screen.connector.display_name;
  document.title = 'Authenticate: ' + name + ' ' + screen.direction + ' - host_sim';
  $('crumb-direction').textContent = screen.direction;
  $('crumb-connector').textContent = name;
  $('lead-connector').textContent = name + ' ' + screen.direction;

  const tabs = $('directions');
  tabs.replaceChildren(...screen.directions.map((d) => el('button', {
    type: 'button', 'aria-pressed': d === screen.direction ? 'true' : 'false',
    onclick: () => { $('verdict').hidden = true; closePanel(); load(d); },
  }, titleCase(d))));

  const tiles = [el('div', {
    class: 'tile add', id: 'add-credential', role: 'button', tabindex: '0',
    onclick: () => openForm(null),
    onkeydown: (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); openForm(null); } },
  }, el('span', { class: 'plus' }, '+'), el('span', {}, 'Add Credential'))];
  for (const credential of screen.credentials) tiles.push(tile(credential));
  $('tiles').replaceChildren(...tiles);
  if (view.selected !== null && !screen.credentials.some((c) => c.id === view.selected)) closePanel();
}

// How a validation ended: host_sim's words (host_sim/validation_state.hpp),
// as a tile's badge and the verdict box show them; tone is the CSS class.
const VALIDATION_STATES = {
  not_validated: { tone: 'never', badge: 'Not validated', title: 'not validated', mark: '' },
  valid: { tone: 'ok', badge: 'Valid', title: 'valid', mark: '\u2713 ' },
  rejected: { tone: 'failed', badge: 'Rejected', title: 'rejected', mark: '\u2717 ' },
  could_not_check: { tone: 'unchecked', badge: 'Could not check', title: 'could not check', mark: '? ' },
  error: { tone: 'failed', badge: 'Error', title: 'error', mark: '\u2717 ' },
};
const validationState = (word) => VALIDATION_STATES[word] || VALIDATION_STATES.error;

function statusBadge(credential) {
  const state = validationState(credential.last_status);
  return el('span', { class: 'badge ' + state.tone }, state.badge);
}

function tile(credential) {
  const verdict = credential.last_verdict || {};
  const missing = Array.isArray(verdict.missing_scopes) ? verdict.missing_scopes : [];
  const usable = credential.last_status === 'valid';
  const node = el('article', {
    class: 'tile credential' + (view.fresh === credential.id ? ' fresh' : '') +
      (usable ? ' selectable' : '') + (view.selected === credential.id ? ' selected' : ''),
    'data-id': credential.id, 'data-status': credential.last_status,
    tabindex: usable ? '0' : undefined,
    title: usable ? (view.direction === 'destination' ? 'Select to see the write operations it allows'
      : 'Select to see its streams and fetch data') : undefined,
    onclick: usable ? (e) => { if (!e.target.closest('button')) openCredential(credential); } : undefined,
    onkeydown: usable ? (e) => {
      if (e.target === e.currentTarget && (e.key === 'Enter' || e.key === ' ')) { e.preventDefault(); openCredential(credential); }
    } : undefined,
  },
  el('h3', {}, credential.name),
  credential.description ? el('div', { class: 'desc' }, credential.description) : null,
  el('div', {}, statusBadge(credential)),
  el('div', { class: 'status-line' }, credential.last_message || ''),
  missing.length ? el('div', { class: 'scopes' }, 'Missing scopes: ' + missing.join(', ')) : null,
  el('div', { class: 'muted small' }, 'Last validated: ' + when(credential.last_validated_at)),
  el('div', { class: 'actions' },
    el('button', { type: 'button', class: 'revalidate', onclick: (e) => revalidate(credential, e.target) }, 'Re-validate'),
    el('button', { type: 'button', class: 'edit', onclick: () => openForm(credential) }, 'Edit'),
    el('button', { type: 'button', class: 'danger delete', onclick: (e) => remove(credential, e.target) }, 'Delete')));
  return node;
}

function showVerdict(credentialName, verdict) {
  const box = $('verdict');
  const ok = verdict && verdict.ok === true;
  const word = ok ? 'valid' : (verdict && verdict.state) || 'error';
  const state = validationState(word);
  const unchecked = word === 'could_not_check';
  box.className = 'verdict ' + state.tone;
  box.setAttribute('data-ok', ok ? 'true' : 'false');
  box.setAttribute('data-verdict', word);
  const rows = [];
  const add = (label, value) => {
    if (value === undefined || value === null || value === '' ||
        (Array.isArray(value) && value.length === 0)) return;
    rows.push(el('dt', {}, label), el('dd', {}, Array.isArray(value) ? value.join(', ') : String(value)));
  };
  add('Step', verdict.failed_step || verdict.step);
  add('Status', verdict.status);
  add('HTTP status', verdict.http_status);
  add('Remote code', verdict.zoom_code !== undefined ? verdict.zoom_code : verdict.remote_code);
  add('Remote message', verdict.zoom_message);
  add('Missing scopes', verdict.missing_scopes);
  if (verdict.identity && typeof verdict.identity === 'object') {
    add('Identity', Object.entries(verdict.identity).filter(([, v]) => v).map(([k, v]) => k + ': ' + v).join(', '));
  }
  if (ok && view.direction !== 'destination') add('Allowed streams', verdict.allowed_streams);
  if (ok && Array.isArray(verdict.allowed_operations)) {
    add('Allowed operations', verdict.allowed_operations.length ? verdict.allowed_operations : 'none');
  }
  if (ok && Array.isArray(verdict.blocked_operations)) {
    add('Not allowed', verdict.blocked_operations.map((op) =>
      op.name + ' (needs ' + (op.missing_scopes || []).join(', ') + ')'));
  }
  put(box,
    el('h3', {}, state.mark + credentialName + ': ' + state.title),
    el('div', { class: 'message' }, verdict.message || ''),
    unchecked ? el('p', { class: 'hint' }, 'Zoom was not reached or did not answer (network, timeout, Zoom busy or down). ' +
      'This says nothing about the credential: a saved one keeps its previous verdict. Use Re-validate to try again.') : null,
    rows.length ? el('dl', {}, ...rows) : null);
  box.hidden = false;
}

async function revalidate(credential, button) {
  button.disabled = true;
  button.textContent = 'Validating\u2026';
  notice('');
  try {
    const { status, data } = await api('POST', '/api/credentials/' + credential.id + '/validate', {}, 120000);
    if (status === 200) {
      view.fresh = credential.id;
      showVerdict(credential.name, data.verdict);
      await load(view.direction);
    } else {
      // Not a verdict on the credential: the request itself failed.
      $('verdict').hidden = true;
      await load(view.direction);
      problem('\u201c' + credential.name + '\u201d was not validated: ' + problemText(status, data));
    }
  } finally {
    button.disabled = false;  // the tile may have been drawn again: then this one is gone anyway
    button.textContent = 'Re-validate';
  }
}

async function remove(credential, button) {
  if (button.getAttribute('data-confirm') !== 'yes') {
    button.setAttribute('data-confirm', 'yes');
    button.textContent = 'Confirm delete';
    return;
  }
  button.disabled = true;
  const { status, data } = await api('DELETE', '/api/credentials/' + credential.id);
  button.disabled = false;
  button.removeAttribute('data-confirm');
  button.textContent = 'Delete';
  if (status !== 200) {
    notice('');
    problem('\u201c' + credential.name + '\u201d was not deleted: ' + problemText(status, data));
    return;
  }
  $('verdict').hidden = true;
  if (view.selected === credential.id) closePanel();
  notice('Deleted \u201c' + credential.name + '\u201d.');
  await load(view.direction);
}

// ---- the Add New Credential overlay ---------------------------------

function openForm(credential) {
  view.editing = credential;
  const screen = view.screen;
  const form = screen.form;
  $('dialog-title').textContent = credential ? 'Edit Credential' : 'Add New Credential';
  $('dialog-subtitle').textContent = screen.connector.display_name + ' \u00b7 ' + screen.direction;
  $('form-description').textContent = form.description || '';
  $('form-problem').hidden = true;
  const fields = form.fields.map((field) => fieldRow(field, credential));
  $('fields').replaceChildren(...fields);
  $('overlay').hidden = false;
  const first = $('fields').querySelector('input, select, textarea');
  if (first) first.focus();
}

function fieldRow(field, credential) {
  const id = 'field-' + field.key;
  const stored = credential ? credential.fields[field.key] : undefined;
  let value = '';
  if (credential) {
    if (!field.secret && stored !== undefined && stored !== null) value = String(stored);
  } else if (!view.prefillUsed && view.screen.prefill && typeof view.screen.prefill[field.key] === 'string') {
    value = view.screen.prefill[field.key];
  } else if (typeof field.default === 'string') {
    value = field.default;
  }
  let input;
  if (Array.isArray(field.choices)) {
    input = el('select', { id, name: field.key },
      field.required ? null : el('option', { value: '' }, ''),
      ...field.choices.map((choice) => el('option', { value: choice, selected: choice === value }, choice)));
  } else if (field.key === 'credential_description') {
    input = el('textarea', { id, name: field.key, maxlength: field.max_length });
    input.value = value;
  } else {
    input = el('input', {
      id, name: field.key, type: field.secret ? 'password' : 'text',
      autocomplete: field.secret ? 'new-password' : 'off', spellcheck: 'false',
      maxlength: field.max_length,
      placeholder: field.secret && stored && stored.set ? 'stored \u2013 leave blank to keep' : undefined,
    });
    input.value = value;
  }
  if (field.help) input.setAttribute('aria-describedby', id + '-help');
  return el('div', { class: 'field', 'data-key': field.key },
    el('label', { for: id }, field.label, field.required ? el('span', { class: 'req', 'aria-hidden': 'true' }, '*') : null),
    input,
    field.help ? el('div', { class: 'help', id: id + '-help' }, field.help) : null,
    el('div', { class: 'error', id: id + '-error', hidden: true }));
}

function closeForm() {
  $('overlay').hidden = true;
  $('fields').replaceChildren();  // no typed secret stays in the page
  view.editing = null;
}

function showFieldErrors(errors) {
  let first = null;
  for (const row of $('fields').querySelectorAll('.field')) {
    const key = row.getAttribute('data-key');
    const box = row.querySelector('.error');
    if (errors[key]) {
      box.textContent = errors[key];
      box.hidden = false;
      row.classList.add('invalid');
      if (!first) first = row.querySelector('input, select, textarea');
    } else {
      box.textContent = '';
      box.hidden = true;
      row.classList.remove('invalid');
    }
  }
  const unknown = Object.keys(errors).filter((key) => !$('field-' + key));
  $('form-problem').textContent = unknown.map((key) => errors[key]).join('; ');
  $('form-problem').hidden = unknown.length === 0;
  if (first) first.focus();
}

async function submitForm(event) {
  event.preventDefault();
  const fields = {};
  for (const input of $('fields').querySelectorAll('input, select, textarea')) {
    if (input.value !== '') fields[input.name] = input.value;
  }
  const save = $('save');
  save.disabled = true;
  save.textContent = 'Validating\u2026';
  $('form-problem').hidden = true;
  try {
    const editing = view.editing;
    const { status, data } = editing
      ? await api('PUT', '/api/credentials/' + editing.id, { fields }, 120000)
      : await api('POST', '/api/credentials', { direction: view.direction, fields }, 120000);
    if (status === 422) {
      showFieldErrors(data.errors || {});
      return;
    }
    if (status !== 200 && status !== 201) {
      $('form-problem').textContent = 'Not saved: ' + problemText(status, data);
      $('form-problem').hidden = false;
      return;
    }
    if (!editing) view.prefillUsed = true;
    closeForm();
    notice('');
    view.fresh = data.credential ? data.credential.id : null;
    showVerdict(data.credential ? data.credential.name : 'Credential', data.verdict || {});
    await load(view.direction);
  } finally {
    save.disabled = false;
    save.textContent = 'Save';
  }
}

// ---- the data panel: streams, fetch, progress, preview, summary -------

const panel = { id: null, name: '', streams: null, fetch: null, timer: null, polling: false, generation: 0 };

function closePanel() {
  panel.generation++;
  if (panel.timer) clearTimeout(panel.timer);
  panel.timer = null;
  panel.id = null;
  view.selected = null;
  $('data-panel').hidden = true;
  $('data-panel').replaceChildren();
  for (const node of document.querySelectorAll('.tile.selected')) node.classList.remove('selected');
}

function openCredential(credential) {
  if (view.direction === 'destination') selectDestination(credential);
  else selectCredential(credential);
}

// A destination credential: the write operations its last verdict allows,
// those it does not (with the scopes they miss), and how to write.
function selectDestination(credential) {
  closePanel();
  view.selected = credential.id;
  for (const node of document.querySelectorAll('.tile.credential')) {
    node.classList.toggle('selected', node.getAttribute('data-id') === String(credential.id));
  }
  const verdict = credential.last_verdict || {};
  const allowed = Array.isArray(verdict.allowed_operations) ? verdict.allowed_operations : [];
  const blocked = Array.isArray(verdict.blocked_operations) ? verdict.blocked_operations : [];
  const box = $('data-panel');
  box.hidden = false;
  box.replaceChildren(
    el('h2', { id: 'data-title' }, 'Write: ' + credential.name),
    el('p', { id: 'operations-count' }, allowed.length + ' of ' + (allowed.length + blocked.length) +
      ' write operations are allowed'),
    el('ul', { id: 'operations' },
      ...allowed.map((name) => el('li', { class: 'allowed', 'data-operation': name }, name)),
      ...blocked.map((op) => el('li', { class: 'blocked', 'data-operation': op.name },
        op.name + ': needs ' + (op.missing_scopes || []).join(', ')))),
    el('p', { class: 'muted' }, 'Write records (JSON Lines, one a line) with the command line; ' +
      '--dry-run shows the calls without making them:'),
    el('pre', { id: 'write-command' }, "host_sim write --credential '" + credential.name.replace(/'/g, "'\\''") +
      "' --operation OPERATION --input RECORDS.jsonl --results RESULTS.jsonl"));
  box.setAttribute('data-state', 'ready');
}

async function selectCredential(credential) {
  closePanel();
  view.selected = credential.id;
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
      el('label', { for: 'fetch-from' }, 'From'), el('input', { type: 'date', id: 'fetch-from' }),
      el('label', { for: 'fetch-to' }, 'To'), el('input', { type: 'date', id: 'fetch-to' }),
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

function showFetch(job) {
  panel.fetch = job;
  const running = job.status === 'running';
  setFetching(running);
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

  const head = ['Stream', 'Records', 'Pages', 'Requests', 'Retries', '429s', 'Partitions', 'ETA'];
  $('fetch-progress').replaceChildren(el('table', { class: 'progress' },
    el('thead', {}, el('tr', {}, ...head.map((h) => el('th', {}, h)))),
    el('tbody', {}, ...job.streams.map((s) => el('tr', { 'data-stream': s.name },
      cell(s.name), cell(s.records, { class: 'records' }), cell(s.pages), cell(s.requests), cell(s.retries),
      cell(s.throttled, { class: 'throttled' }),
      cell((s.partitions_done || 0) + (typeof s.partitions_expected === 'number' && s.partitions_done <= s.partitions_expected ? ' / ' + s.partitions_expected : '') +
        (s.partitions_skipped ? ' (' + s.partitions_skipped + ' skipped)' : '')),
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

document.addEventListener('DOMContentLoaded', () => {
  $('credential-form').addEventListener('submit', submitForm);
  $('cancel').addEventListener('click', closeForm);
  $('close').addEventListener('click', closeForm);
  document.addEventListener('keydown', (e) => { if (e.key === 'Escape' && !$('overlay').hidden) closeForm(); });
  const wanted = new URLSearchParams(location.search).get('direction');
  load(wanted);
});
