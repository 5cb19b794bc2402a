// The upload loop for one sealed attachment (docs/attachments.md sections 7 and 12): create the upload, put
// its chunks two at a time, and when the connection drops or the server stumbles, wait, ask the server which
// chunks it is missing and put only those. The sealer re-seals any chunk to identical bytes, so a chunk whose
// answer was lost can be sent again without harm. Nothing here is kept beyond the page.

import { b64urlEncode } from '/js/envelope.js';

const PARALLEL = 2;
// Waits between tries, in seconds, each drawn between half and all of its length; after the last, start()
// rejects with 'network' and may be called again.
const BACKOFF_SECONDS = [1, 2, 4, 8, 15, 30, 30, 30];
// A 256 KiB chunk at 50 kbit/s takes 42 s; a request quiet for longer than this is taken as lost.
const REQUEST_TIMEOUT_MS = 120_000;
const TOKEN_HEADER = 'Haven-Upload-Token';

/** A refusal or a give-up, with the server's problem `code`, 'network' or 'cancelled'. */
export class UploadError extends Error {
  constructor(code, { retryAfter, attachment } = {}) {
    super(`upload failed: ${code}`);
    this.name = 'UploadError';
    this.code = code;
    this.retryAfter = retryAfter;
    this.attachment = attachment;
  }
}

/** The limits the page checks before sealing: GET /api/attachments/limits. */
export async function fetchLimits() {
  const response = await request('/api/attachments/limits', { cache: 'no-store' });
  if (!response.ok) throw await refusal(response);
  return response.json();
}

/**
 * Prepares the upload of one file sealed by createSealer (/js/attachment.js). Nothing is sent before start().
 *
 * @param {{enc: Uint8Array, n: number, setAttachmentId: (id: string) => void,
 *          sealChunk: (i: number) => Promise<Uint8Array>}} sealer
 * @param {{kid: string, onProgress?: (doneChunks: number, totalChunks: number) => void,
 *          backoffSeconds?: number[]}} options
 */
export function createUpload(sealer, { kid, onProgress = () => {}, backoffSeconds = BACKOFF_SECONDS }) {
  let id = null;
  let token = null;
  let cancelled = false;
  let running = null;
  let wakeUp = null;
  const inFlight = new Set();
  const stored = new Set();

  const checkCancelled = () => {
    if (cancelled) throw new UploadError('cancelled');
  };

  async function send(url, init) {
    checkCancelled();
    const controller = new AbortController();
    inFlight.add(controller);
    const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
    try {
      return await request(url, { ...init, signal: controller.signal });
    } catch (error) {
      checkCancelled();
      throw new Retryable();
    } finally {
      clearTimeout(timer);
      inFlight.delete(controller);
    }
  }

  async function create() {
    const response = await send('/api/attachments', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ kid, enc: b64urlEncode(sealer.enc), chunks: sealer.n }),
    });
    if (response.status !== 201) throw await failure(response);
    const created = await response.json();
    sealer.setAttachmentId(created.id);
    id = created.id;
    token = created.token;
  }

  // The server's word on what is still missing; the only source of truth after a failure.
  async function missing() {
    const response = await send(`/api/attachments/${id}`, { headers: { [TOKEN_HEADER]: token }, cache: 'no-store' });
    if (!response.ok) throw await failure(response);
    const status = await response.json();
    if (status.bound) return [];
    stored.clear();
    for (let i = 0; i < sealer.n; i++) stored.add(i);
    for (const i of status.missing) stored.delete(i);
    onProgress(stored.size, sealer.n);
    return status.missing;
  }

  async function put(i) {
    const body = await sealer.sealChunk(i);
    const response = await send(`/api/attachments/${id}/chunks/${i}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/octet-stream', [TOKEN_HEADER]: token },
      body,
    });
    if (response.status !== 204) throw await failure(response);
    stored.add(i);
    onProgress(stored.size, sealer.n);
  }

  // Puts the given chunks, PARALLEL at a time; the first failure stops the others taking new chunks.
  async function putAll(indexes) {
    const queue = [...indexes];
    let firstError = null;
    const worker = async () => {
      while (queue.length && !firstError) {
        const i = queue.shift();
        try {
          await put(i);
        } catch (error) {
          firstError ??= error;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL, queue.length) }, worker));
    if (firstError) throw firstError;
  }

  async function run() {
    let failures = 0;
    let resuming = id !== null;
    for (;;) {
      const before = stored.size;
      try {
        if (id === null) await create();
        await putAll(resuming ? await missing() : range(sealer.n));
        // The server's count, not ours, says when it is done: an answer lost after the chunk was stored shows here.
        if ((await missing()).length === 0) return { id, token };
        throw new Retryable();
      } catch (error) {
        if (!(error instanceof Retryable)) throw error;
        if (stored.size > before) failures = 0;
        if (failures >= backoffSeconds.length) throw new UploadError('network', { retryAfter: error.retryAfter });
        await pause(backoffSeconds[failures++], (wake) => { wakeUp = wake; });
        wakeUp = null;
        checkCancelled();
        resuming = id !== null;
      }
    }
  }

  return {
    get id() { return id; },
    get token() { return token; },
    get storedChunks() { return stored.size; },
    /** Resolves with {id, token} once every chunk is stored; after a rejection, call again to resume. */
    start() {
      if (cancelled) return Promise.reject(new UploadError('cancelled'));
      running ??= run().finally(() => { running = null; });
      return running;
    },
    /** Stops sending and deletes what was stored. Errors are ignored: unbound uploads expire anyway. */
    async cancel() {
      cancelled = true;
      for (const controller of inFlight) controller.abort();
      wakeUp?.();
      if (id !== null) {
        try {
          await request(`/api/attachments/${id}`, { method: 'DELETE', headers: { [TOKEN_HEADER]: token } });
        } catch (ignored) {
          // offline: the server deletes unbound uploads after a day
        }
      }
    },
  };
}

/** Thrown inside the loop for what is worth another try: no answer, a 5xx, 408 or 429. */
class Retryable extends Error {
  constructor(retryAfter) {
    super('retryable');
    this.retryAfter = retryAfter;
  }
}

function request(url, init) {
  return fetch(url, { credentials: 'omit', ...init });
}

async function failure(response) {
  if (response.status >= 500 || response.status === 408 || response.status === 429) {
    const problem = await refusal(response);
    // The one 503 worth telling the reporter: the server's budget for unfinished uploads is used (minutes).
    if (problem.code === 'uploads-busy') return problem;
    return new Retryable(problem.retryAfter);
  }
  return refusal(response);
}

async function refusal(response) {
  let body = {};
  try {
    body = await response.json();
  } catch (ignored) {
    // a proxy's HTML page, or nothing
  }
  return new UploadError(typeof body.code === 'string' ? body.code : 'unknown',
    { retryAfter: retryAfter(response), attachment: body.attachment });
}

function retryAfter(response) {
  const seconds = Number(response.headers.get('Retry-After'));
  return Number.isFinite(seconds) && seconds > 0 ? seconds : undefined;
}

function range(n) {
  return Array.from({ length: n }, (_, i) => i);
}

// Waits about `seconds`, sooner when the browser says it is back online or the upload is cancelled.
function pause(seconds, onWake) {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      globalThis.removeEventListener('online', done);
      resolve();
    };
    const timer = setTimeout(done, seconds * 1000 * (0.5 + Math.random() / 2));
    globalThis.addEventListener('online', done);
    onWake(done);
  });
}
