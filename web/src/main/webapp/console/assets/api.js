// The console talks to the same /api as every integrator. The session cookie authenticates it;
// every request that changes something carries the session's CSRF token.

let session = null;

/** The caller as GET /api/me describes it; pages ask it what the user may do. */
export const me = { scopes: [], can: (scope) => me.scopes.includes(scope) };

/** The latest X-RateLimit-* headers the API answered, for the account page. */
export const rateLimit = { limit: null, remaining: null, reset: null };

/** A failed API call, with the problem document the API answered. */
export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || `The API answered ${status}.`);
    this.status = status;
    this.problem = problem || {};
  }
}

/** Reads the signed-in user and the CSRF token once per page load. */
export async function loadSession() {
  const response = await fetch('session', { credentials: 'same-origin', cache: 'no-store' });
  if (response.status === 401) {
    location.assign('login.html');
    throw new ApiError(401, { detail: 'Sign in to the console first.' });
  }
  session = await response.json();
  return session;
}

export function csrfToken() {
  return session ? session.csrf_token : null;
}

/**
 * Calls the API; answers the parsed JSON body (null for 204). Throws ApiError for any other
 * status; a 401 means the session ended, so it goes back to the sign-in page.
 */
export async function api(path, { method = 'GET', body, headers = {} } = {}) {
  const init = { method, credentials: 'same-origin', headers: { Accept: 'application/json' } };
  Object.assign(init.headers, headers);
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  if (method !== 'GET' && method !== 'HEAD') {
    init.headers['X-CSRF-Token'] = csrfToken();
  }
  const response = await fetch('/api' + path, init);
  remember(response);
  if (response.status === 401) {
    location.assign('login.html');
    throw new ApiError(401, { detail: 'The session has ended.' });
  }
  const text = await response.text();
  const parsed = text ? safeParse(text) : null;
  if (!response.ok) {
    throw new ApiError(response.status, parsed);
  }
  return parsed;
}

/** Whether an endpoint is missing on this server (it lands with a later release). */
export function isMissing(error) {
  return error instanceof ApiError && (error.status === 404 || error.status === 501);
}

function remember(response) {
  const limit = response.headers.get('X-RateLimit-Limit');
  if (limit !== null) {
    rateLimit.limit = Number(limit);
    rateLimit.remaining = Number(response.headers.get('X-RateLimit-Remaining'));
    rateLimit.reset = Number(response.headers.get('X-RateLimit-Reset'));
  }
}

function safeParse(text) {
  try {
    return JSON.parse(text);
  } catch (e) {
    return { detail: text.slice(0, 200) };
  }
}
