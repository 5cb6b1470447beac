// The Authenticate screen: the direction tabs, the credential tiles, the
// verdict box and the Add/Edit Credential overlay. The data panel a tile
// opens is data_panel.js; the helpers both use are page.js. Every piece of
// data reaches the page through textContent or element attributes set one by
// one, never as HTML.
import { $, put, el, api, problemText } from './page.js';
import { closePanel, openCredential, selectedCredential } from './data_panel.js';
import { sourceOffers } from './write_panel.js';

const view = { direction: null, screen: null, editing: null, fresh: null, prefillUsed: false };

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
  put($('reuse-slot'), screen.direction === 'destination' ? sourceOffers(screen.sources || [], usedForWrites) : null);
  const selected = selectedCredential();
  if (selected !== null && !screen.credentials.some((c) => c.id === selected)) closePanel();
}

// A source credential was saved for writes (or why not).
async function usedForWrites(error, data) {
  if (error) {
    await load(view.direction);
    problem('Not saved for writes: ' + error);
    return;
  }
  notice('');
  view.fresh = data.credential ? data.credential.id : null;
  showVerdict(data.credential ? data.credential.name : 'Credential', data.verdict || {});
  await load(view.direction);
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
      (usable ? ' selectable' : '') + (selectedCredential() === credential.id ? ' selected' : ''),
    'data-id': credential.id, 'data-status': credential.last_status,
    tabindex: usable ? '0' : undefined,
    title: usable ? (view.direction === 'destination' ? 'Select to see the write operations it allows'
      : 'Select to see its streams and fetch data') : undefined,
    onclick: usable ? (e) => { if (!e.target.closest('button')) openCredential(credential, view.direction); } : undefined,
    onkeydown: usable ? (e) => {
      if (e.target === e.currentTarget && (e.key === 'Enter' || e.key === ' ')) { e.preventDefault(); openCredential(credential, view.direction); }
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
    } else if (status === 422) {
      // The input is refused (a field such as the validation URL, or the
      // server's options): no verdict; the saved one is unchanged.
      const errors = (data && data.errors) || {};
      $('verdict').hidden = true;
      await load(view.direction);
      problem('\u201c' + credential.name + '\u201d was not validated; its saved verdict is unchanged. ' +
        Object.entries(errors).map(([key, message]) => key + ': ' + message).join('; '));
      if (view.screen.form.fields.some((field) => errors[field.key])) {
        openForm((data && data.credential) || credential);
        showFieldErrors(errors);
      }
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
  if (selectedCredential() === credential.id) closePanel();
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

document.addEventListener('DOMContentLoaded', () => {
  $('credential-form').addEventListener('submit', submitForm);
  $('cancel').addEventListener('click', closeForm);
  $('close').addEventListener('click', closeForm);
  document.addEventListener('keydown', (e) => { if (e.key === 'Escape' && !$('overlay').hidden) closeForm(); });
  const wanted = new URLSearchParams(location.search).get('direction');
  load(wanted);
});
