// Calls to the JSON API under /api with the signed-in token (kept in sessionStorage).

const KEY = 'guanxi.token';

export function token() {
  return sessionStorage.getItem(KEY);
}

export function setToken(value) {
  if (value) sessionStorage.setItem(KEY, value);
  else sessionStorage.removeItem(KEY);
}

/** An API answer that was not 2xx: `status` and the problem's `detail`. */
export class ApiError extends Error {
  constructor(status, detail) {
    super(detail || `HTTP ${status}`);
    this.status = status;
    this.detail = detail;
  }
}

/** Called on 401 (set by the app: back to the sign-in page). */
export const hooks = { unauthorized: () => {} };

async function call(method, path, body, bearer) {
  const headers = { Authorization: `Bearer ${bearer ?? token() ?? ''}` };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!response.ok) {
    const error = new ApiError(response.status, (data && (data.detail || data.title)) || text);
    if (response.status === 401 && bearer === undefined) hooks.unauthorized(error);
    throw error;
  }
  return data;
}

/** GET a path with query parameters (empty values are left out). */
export function get(path, params = {}, bearer) {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') query.set(k, v);
  }
  const qs = query.toString();
  return call('GET', qs ? `${path}?${qs}` : path, undefined, bearer);
}

export function post(path, body) {
  return call('POST', path, body);
}

/** DELETE a path (an empty answer is `null`). */
export function del(path) {
  return call('DELETE', path);
}

/** Path segment. */
export function seg(value) {
  return encodeURIComponent(value);
}

/**
 * Downloads a file answer (e.g. a case's Word report) with the signed-in token: a plain link
 * cannot carry the Authorization header, so the answer is fetched and saved through a blob.
 */
export async function download(path, filename) {
  const response = await fetch(path, { headers: { Authorization: `Bearer ${token() ?? ''}` } });
  if (!response.ok) {
    let detail = '';
    try {
      const data = await response.json();
      detail = data.detail || data.title || '';
    } catch {
      detail = '';
    }
    const error = new ApiError(response.status, detail);
    if (response.status === 401) hooks.unauthorized(error);
    throw error;
  }
  const url = URL.createObjectURL(await response.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
