// What both parts of the page share: building elements (data always as
// text, never as HTML) and calling host_sim's API with the CSRF token.

const csrfToken = document.querySelector('meta[name="csrf-token"]').getAttribute('content');

export function $(id) { return document.getElementById(id); }

// replaceChildren without the holes: null/false children are left out
// (replaceChildren itself would show them as the text "null").
export function put(node, ...children) {
  node.replaceChildren(...children.filter((c) => c !== undefined && c !== null && c !== false));
}

// Builds an element: el('div', {class: 'x', onclick: f}, child, 'text', ...)
export function el(tag, attrs, ...children) {
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
export async function api(method, path, body, timeoutMs = 20000) {
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

export function problemText(status, data) {
  return (data && data.error) || ('the server answered HTTP ' + status);
}
