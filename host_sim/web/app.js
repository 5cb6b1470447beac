// The Authenticate screen. Every piece of data reaches the page through
// textContent or element attributes set one by one, never as HTML.
'use strict';

const csrfToken = document.querySelector('meta[name="csrf-token"]').getAttribute('content');
const view = { direction: null, screen: null, editing: null, fresh: null };

function $(id) { return document.getElementById(id); }

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

async function api(method, path, body) {
  const options = { method, headers: { 'X-CSRF-Token': csrfToken }, credentials: 'same-origin' };
  if (body !== undefined) {
    options.headers['Content-Type'] = 'application/json';
    options.body = JSON.stringify(body);
  }
  const response = await fetch(path, options);
  let data = null;
  try { data = await response.json(); } catch (e) { data = { error: 'the server answered something that is not JSON' }; }
  return { status: response.status, data };
}

function when(seconds) {
  return seconds ? new Date(seconds * 1000).toLocaleString() : 'never';
}

function titleCase(word) { return word ? word[0].toUpperCase() + word.slice(1) : word; }

async function load(direction) {
  const query = direction ? '?direction=' + encodeURIComponent(direction) : '';
  const { status, data } = await api('GET', '/api/screen' + query);
  if (status !== 200) {
    $('load-error').textContent = 'Cannot load the screen: ' + (data.error || status);
    $('load-error').hidden = false;
    return;
  }
  $('load-error').hidden = true;
  view.screen = data;
  view.direction = data.direction;
  render();
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
    onclick: () => { $('verdict').hidden = true; load(d); },
  }, titleCase(d))));

  const tiles = [el('div', {
    class: 'tile add', id: 'add-credential', role: 'button', tabindex: '0',
    onclick: () => openForm(null),
    onkeydown: (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); openForm(null); } },
  }, el('span', { class: 'plus' }, '+'), el('span', {}, 'Add Credential'))];
  for (const credential of screen.credentials) tiles.push(tile(credential));
  $('tiles').replaceChildren(...tiles);
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
  const node = el('article', {
    class: 'tile credential' + (view.fresh === credential.id ? ' fresh' : ''),
    'data-id': credential.id, 'data-status': credential.last_status,
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
  if (ok) add('Allowed streams', verdict.allowed_streams);
  box.replaceChildren(
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
  const { status, data } = await api('POST', '/api/credentials/' + credential.id + '/validate', {});
  if (status === 200) {
    view.fresh = credential.id;
    showVerdict(credential.name, data.verdict);
  } else {
    showVerdict(credential.name, { ok: false, message: data.error || ('HTTP ' + status) });
  }
  await load(view.direction);
}

async function remove(credential, button) {
  if (button.getAttribute('data-confirm') !== 'yes') {
    button.setAttribute('data-confirm', 'yes');
    button.textContent = 'Confirm delete';
    return;
  }
  const { status, data } = await api('DELETE', '/api/credentials/' + credential.id);
  if (status !== 200) showVerdict(credential.name, { ok: false, message: data.error || ('HTTP ' + status) });
  else $('verdict').hidden = true;
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
  } else if (view.screen.prefill && typeof view.screen.prefill[field.key] === 'string') {
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
  try {
    const editing = view.editing;
    const { status, data } = editing
      ? await api('PUT', '/api/credentials/' + editing.id, { fields })
      : await api('POST', '/api/credentials', { direction: view.direction, fields });
    if (status === 422) {
      showFieldErrors(data.errors || {});
      return;
    }
    if (status !== 200 && status !== 201) {
      $('form-problem').textContent = data.error || ('The server answered HTTP ' + status);
      $('form-problem').hidden = false;
      return;
    }
    closeForm();
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
