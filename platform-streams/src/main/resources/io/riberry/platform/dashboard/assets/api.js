// The JSON API, as the page's own origin: the session cookie goes with every call.
import {showLiveState} from './dom.js';

export const API = '/api/v1';

/** An answer that is not 2xx, with the API's JSON message and reasons. */
export class ApiError extends Error {
  constructor(status, message, details) {
    super(message);
    this.status = status;
    this.details = details || [];
  }
}

const MAX_RETRIES = 6;

let signedIn = null;

/** Who is signed in ({subject, administrator, groups, forms: {form: role}}), asked once per page. */
export function whoami() {
  if (!signedIn) {
    signedIn = api('/whoami');
  }
  return signedIn;
}

/**
 * Whether the signed-in caller may submit, cancel and re-run jobs of `form` (an operator or manager of
 * it, or an administrator): a viewer is not offered buttons that could only be refused. When that
 * cannot be told, the buttons show and the platform decides.
 */
export async function mayOperate(form) {
  try {
    const who = await whoami();
    return who.administrator || ['OPERATOR', 'MANAGER'].includes((who.forms || {})[form]);
  } catch (error) {
    return true;
  }
}

/**
 * GET (or, with a body, POST) an API path. 401 sends the browser to sign in; 503 (a replica rebalancing)
 * is retried with a growing pause, honouring Retry-After; any other error becomes an ApiError carrying the
 * API's message.
 */
export async function api(path, options = {}) {
  const init = {method: options.method || (options.body === undefined ? 'GET' : 'POST'), headers: {Accept: 'application/json'},
    credentials: 'same-origin'};
  if (options.body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(options.body);
  }
  for (let attempt = 0; ; attempt++) {
    const response = await fetch(API + path, init);
    if (response.status === 401) {
      window.location.assign('/login');
      throw new ApiError(401, 'Signed out: sign in again');
    }
    if (response.status === 503 && attempt < MAX_RETRIES) {
      const after = Number(response.headers.get('Retry-After'));
      await sleep(Math.min(8000, (after > 0 ? after * 1000 : 250) * 2 ** attempt));
      continue;
    }
    const body = await readJson(response);
    if (!response.ok) {
      throw new ApiError(response.status, (body && body.message) || response.status + ' ' + response.statusText,
          body && body.details);
    }
    return body;
  }
}

/** The bytes of an artifact as text (a stack trace, a log). */
export async function text(path) {
  const response = await fetch(API + path, {credentials: 'same-origin'});
  if (response.status === 401) {
    window.location.assign('/login');
  }
  if (!response.ok) {
    const body = await readJson(response);
    throw new ApiError(response.status, (body && body.message) || String(response.status));
  }
  return response.text();
}

async function readJson(response) {
  const type = response.headers.get('Content-Type') || '';
  if (!type.includes('json')) {
    return null;
  }
  try {
    return await response.json();
  } catch (e) {
    return null;
  }
}

export function sleep(millis) {
  return new Promise((resolve) => setTimeout(resolve, millis));
}

/**
 * A live subscription to a /live stream. handlers.ready runs on every (re)connection, when the
 * subscription is live: that is the moment to fetch, so no change falls between the fetch and the events.
 * Other handlers get the parsed JSON of their event. The browser reconnects by itself after a network error;
 * when the server refuses the stream (404 before it exists, 401), the page stays as it is, just not live.
 * Returns a function that closes the subscription.
 */
export function live(path, handlers, onState = showLiveState) {
  if (typeof EventSource === 'undefined') {
    onState && onState('off');
    handlers.ready && handlers.ready();
    return () => {};
  }
  const source = new EventSource(path, {withCredentials: true});
  let everReady = false;
  source.addEventListener('ready', () => {
    everReady = true;
    onState && onState('live');
    handlers.ready && handlers.ready();
  });
  for (const [event, handler] of Object.entries(handlers)) {
    if (event === 'ready') {
      continue;
    }
    source.addEventListener(event, (message) => {
      let data = null;
      try {
        data = JSON.parse(message.data);
      } catch (e) {
        return;
      }
      handler(data);
    });
  }
  source.addEventListener('error', () => {
    if (source.readyState === EventSource.CLOSED) {
      onState && onState('off');
      if (!everReady) {
        // Not live (yet): show the data once anyway.
        everReady = true;
        handlers.ready && handlers.ready();
      }
    } else {
      onState && onState('reconnecting');
    }
  });
  return () => source.close();
}

/** Runs fn at most once per interval, the last call winning: for bursts of 'activity' events. */
export function throttle(fn, interval) {
  let timer = null;
  let pending = false;
  return () => {
    if (timer) {
      pending = true;
      return;
    }
    fn();
    timer = setTimeout(function again() {
      if (pending) {
        pending = false;
        fn();
        timer = setTimeout(again, interval);
      } else {
        timer = null;
      }
    }, interval);
  };
}
