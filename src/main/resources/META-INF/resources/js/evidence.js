// The evidence step with JavaScript (docs/attachments.md section 13): loaded only when the reporter picks a file.
// Each file is checked against the limits first, then cleaned (images re-encoded by clean-image.js, the preview
// canvas showing exactly what will be sent) or, when it cannot be cleaned, explained and left to the reporter to
// send as it is or remove; then sealed to the intake key and uploaded in the background (upload.js) with a
// progress bar, while the reporter goes on. The report or message names the finished uploads when it is sent.
// Nothing here is written to storage: the files, their sealing keys and upload tokens live in this page only.

import { createSealer, chunkCount, CHUNK_BYTES } from '/js/attachment.js';
import { cleanImage, drawPreview } from '/js/clean-image.js';
import { b64urlDecode } from '/js/envelope.js';
import { createUpload, fetchLimits } from '/js/upload.js';

const PREVIEW_SIZE = 480;
/** Failures after which start() again resumes the same upload (section 7.4). */
const RESUMABLE = ['network', 'uploads-busy', 'attachment-incomplete'];
/** Every problem code of docs/attachments.md sections 7 and 8 (and 'network'), to the message that explains it. */
const MESSAGES = {
  'bad-request': 'error.broken',
  'key-not-current': 'error.old-key',
  'attachment-key-mismatch': 'error.old-key',
  'file-too-large': 'error.too-large',
  'uploads-busy': 'error.busy',
  'wrong-size': 'error.damaged',
  'chunk-differs': 'error.damaged',
  'not-found': 'error.lost',
  'attachment-not-found': 'error.lost',
  'attachment-incomplete': 'error.incomplete',
  'already-bound': 'error.sent',
  'attachment-bound': 'error.sent',
  'too-many-attachments': 'error.too-many',
  'attachments-too-large': 'error.too-large-together',
  network: 'error.network',
};

/** The translated texts, from a fragment of the page in the reporter's language (GET /{lang}/evidence-strings). */
async function loadStrings(lang) {
  const response = await fetch(`/${lang}/evidence-strings`, { credentials: 'omit' });
  if (!response.ok) throw new Error(`evidence strings: ${response.status}`);
  const doc = new DOMParser().parseFromString(await response.text(), 'text/html');
  const element = doc.getElementById('evidence-strings');
  const t = (key, ...values) => {
    const text = element.getAttribute(`data-${key.replace(/\./g, '-')}`) || key;
    // Each value isolated, so a Latin file name keeps its place in a right-to-left sentence (as Msgs.t does).
    return values.reduce((out, value, i) => out.replace(`{${i}}`, isolate(value)), text);
  };
  return t;
}

/** First strong isolate ... pop directional isolate: a name keeps its own direction inside any sentence. */
function isolate(text) {
  return `\u2068${text}\u2069`;
}

function element(tag, className, text) {
  const el = document.createElement(tag);
  if (className) el.className = className;
  if (text !== undefined) el.textContent = text;
  return el;
}

function button(text, secondary = true) {
  const b = element('button', secondary ? 'button button--secondary evidence-button' : 'button evidence-button', text);
  b.type = 'button';
  return b;
}

let serial = 0;

/**
 * The evidence step on one form.
 *
 * @param {{input: HTMLInputElement, keyHolder: HTMLElement, lang: string}} options the file input (its files are
 *   taken into the list and it is emptied, so the same file can be picked again), the element whose data-kid and
 *   data-public-key name the intake key (updated here when the key was rotated), and the page's language
 * @returns {Promise<object>} the controller: add(files), settle(onWait), claims(), refused(id, code), summary(),
 *   clear(), t(key, ...values)
 */
export async function createEvidence({ input, keyHolder, lang }) {
  const [t, limits] = await Promise.all([loadStrings(lang), fetchLimits()]);
  const number = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });
  const megabytes = (bytes) => `${number.format(bytes / 1048576)} MB`;

  if (!document.querySelector('link[href="/css/evidence.css"]')) {
    const css = document.createElement('link');
    css.rel = 'stylesheet';
    css.href = '/css/evidence.css';
    document.head.append(css);
  }
  const list = element('ul', 'evidence-list');
  list.id = `${input.id}-list`;
  const alert = element('p', 'error-message evidence-alert');
  alert.id = `${input.id}-alert`;
  alert.setAttribute('role', 'alert');
  alert.tabIndex = -1;
  alert.hidden = true;
  const live = element('p', 'visually-hidden evidence-live');
  live.setAttribute('role', 'status');
  live.setAttribute('aria-live', 'polite');
  input.after(alert, list, live);

  const items = [];
  let uploads = Promise.resolve(); // one file uploads at a time, so each finishes as soon as it can

  const announce = (text) => { live.textContent = text; };

  function showAlert(messages) {
    alert.textContent = messages.join(' ');
    alert.hidden = messages.length === 0;
    if (messages.length) alert.focus();
  }

  /** Data chunks counted against the report's limit, as the server counts them (whole 256 KiB chunks). */
  const counted = (size) => (chunkCount(size) - 1) * CHUNK_BYTES;
  const usedBytes = (except) => items.filter((i) => i !== except).reduce((sum, i) => sum + counted(i.size), 0);

  /** The limits a file of `size` bytes breaks next to the others, as sentences; empty when it fits. */
  function overLimits(name, size, item) {
    if (size > limits.maxFileBytes) return [t('limit.size', name, megabytes(limits.maxFileBytes))];
    if (usedBytes(item) + counted(size) > limits.maxReportBytes) {
      return [t('limit.total', name, megabytes(limits.maxReportBytes))];
    }
    return [];
  }

  function add(files) {
    const messages = [];
    for (const file of files) {
      if (items.length >= limits.maxFiles) {
        messages.push(t('limit.count', file.name, number.format(limits.maxFiles)));
        continue;
      }
      const over = overLimits(file.name, file.size, null);
      if (over.length) {
        messages.push(...over);
        continue;
      }
      items.push(newItem(file));
    }
    input.value = ''; // the list holds the files now; the same one may be picked again
    showAlert(messages);
  }

  function newItem(file) {
    serial += 1;
    const id = `evidence-file-${serial}`;
    const item = { id, file, name: file.name, type: file.type || 'application/octet-stream', size: file.size,
      blob: null, cleaned: null, state: 'cleaning', upload: null, kid: null, claim: null, error: null, done: null };
    const row = element('li', 'evidence-file');
    row.id = id;
    const name = element('p', 'evidence-name');
    name.id = `${id}-name`;
    const bdi = element('bdi', '', file.name);
    name.append(bdi);
    const note = element('p', 'evidence-note');
    note.id = `${id}-note`;
    const progress = document.createElement('progress');
    progress.max = 1;
    progress.value = 0;
    progress.setAttribute('aria-label', t('progress', file.name));
    progress.hidden = true;
    const status = element('p', 'evidence-status');
    status.id = `${id}-status`;
    const actions = element('div', 'evidence-actions');
    const remove = button(t('remove'));
    remove.setAttribute('aria-label', t('remove.label', file.name));
    remove.addEventListener('click', () => removeItem(item));
    actions.append(remove);
    row.append(name, note, progress, status, actions);
    list.append(row);
    Object.assign(item, { row, note, progress, status, actions, remove });
    setStatus(item, 'cleaning', t('status.cleaning'));
    item.prepared = prepare(item);
    return item;
  }

  function setStatus(item, state, text, isError = false) {
    item.state = state;
    item.row.dataset.state = state;
    item.status.textContent = text;
    item.status.classList.toggle('error-message', isError);
    item.row.classList.toggle('evidence-file--error', isError);
  }

  async function prepare(item) {
    let result;
    try {
      result = await cleanImage(item.file, { previewSize: PREVIEW_SIZE });
    } catch {
      result = { cleaned: false, reason: 'undecodable' };
    }
    if (item.state === 'removed') {
      if (result.cleaned) result.preview.close();
      return;
    }
    if (result.cleaned) {
      const canvas = document.createElement('canvas');
      canvas.className = 'evidence-preview';
      canvas.setAttribute('role', 'img');
      canvas.setAttribute('aria-label', t('preview', result.name));
      drawPreview(canvas, result.preview);
      result.preview.close();
      item.note.before(canvas);
      item.preview = canvas;
      Object.assign(item, { blob: result.blob, name: result.name, type: result.type, size: result.blob.size,
        cleaned: true });
      item.note.textContent = t('cleaned');
      const over = overLimits(item.name, item.size, item);
      if (over.length) {
        removeItem(item);
        showAlert(over);
        return;
      }
      startUpload(item);
      return;
    }
    // Not cleaned: say plainly what may remain, and let the reporter choose.
    item.note.textContent = t(`reason.${result.reason}`);
    setStatus(item, 'choose', t('choose'));
    const keep = button(t('keep'), false);
    keep.setAttribute('aria-describedby', `${item.note.id} ${item.status.id}`);
    keep.addEventListener('click', () => {
      keep.remove();
      Object.assign(item, { blob: item.file, cleaned: false });
      startUpload(item);
      item.remove.focus();
    });
    item.actions.prepend(keep);
    item.keep = keep;
  }

  function currentKey() {
    return { kid: keyHolder.dataset.kid, publicKey: keyHolder.dataset.publicKey };
  }

  /** After key-not-current: the intake key was rotated, so this page (and the report) seal to the new one. */
  async function refreshKey() {
    const response = await fetch('/api/intake-key', { credentials: 'omit', cache: 'no-store' });
    if (!response.ok) throw new Error(`intake key: ${response.status}`);
    const { kid, publicKey } = await response.json();
    keyHolder.dataset.kid = kid;
    keyHolder.dataset.publicKey = publicKey;
  }

  /** A new upload of the item (new HPKE context, new id), sealed to the current key. */
  async function newUpload(item) {
    const { kid, publicKey } = currentKey();
    const sealer = await createSealer(item.blob, { kid, publicKey: b64urlDecode(publicKey), cleaned: item.cleaned,
      name: item.name, type: item.type });
    item.kid = kid;
    item.upload = createUpload(sealer, { kid, onProgress: (done, total) => {
      item.progress.max = total;
      item.progress.value = done;
    } });
  }

  function startUpload(item) {
    item.keep?.remove();
    item.progress.hidden = false;
    item.error = null;
    setStatus(item, 'waiting', t('status.waiting'));
    item.retry?.remove();
    item.done = uploads = uploads.then(() => runUpload(item));
  }

  async function runUpload(item) {
    if (item.state === 'removed') return;
    setStatus(item, 'uploading', t('status.uploading'));
    try {
      for (let attempt = 0; ; attempt++) {
        if (!item.upload || item.kid !== currentKey().kid) await newUpload(item);
        try {
          item.claim = await item.upload.start();
          break;
        } catch (error) {
          // The key was rotated while the page was open: fetch the new one and seal again, once.
          if (error.code !== 'key-not-current' || attempt > 0) throw error;
          await refreshKey();
          item.upload = null;
        }
      }
      item.progress.value = item.progress.max;
      setStatus(item, 'done', t('status.done'));
      announce(t('announce.done', item.name));
    } catch (error) {
      if (item.state === 'removed' || error.code === 'cancelled') return;
      failed(item, error.code || 'network');
    }
  }

  /** The reporter's sentence for a problem code; an unknown one reads as a failed connection, which retrying mends. */
  const message = (code) => t(MESSAGES[code] || MESSAGES.network);

  function failed(item, code) {
    item.error = code;
    setStatus(item, 'failed', message(code), true);
    announce(`${item.name}: ${item.status.textContent}`);
    if (!['file-too-large', 'attachment-bound'].includes(code) && !item.retry) {
      item.retry = button(t('retry'), false);
      item.retry.setAttribute('aria-describedby', `${item.id}-name ${item.status.id}`);
      item.retry.addEventListener('click', () => {
        // Only these can go on where they stopped; after any other refusal the upload is of no use: start afresh.
        if (!RESUMABLE.includes(code)) {
          item.upload?.cancel();
          item.upload = null;
        }
        item.retry.remove();
        item.retry = null;
        startUpload(item);
        item.remove.focus();
      });
      item.actions.prepend(item.retry);
    }
  }

  function removeItem(item) {
    const at = items.indexOf(item);
    if (at >= 0) items.splice(at, 1);
    item.state = 'removed';
    item.upload?.cancel(); // stops it and deletes what reached the server (an unbound upload)
    const next = item.row.nextElementSibling || item.row.previousElementSibling;
    item.row.remove();
    announce(t('announce.removed', item.name));
    (next?.querySelector('button') || input).focus();
  }

  /**
   * Waits for the uploads to finish. Resolves {claims} when every file is uploaded, or {problems: [sentence]}
   * naming each file that still needs the reporter (a choice to make, a failed upload).
   *
   * @param {(names: string[]) => void} onWait called while files are still uploading, with their names
   */
  async function settle(onWait = () => {}) {
    // Files sealed to a key that was rotated since: sealed again to the current one, or the server refuses them.
    items.filter((i) => i.state === 'done' && i.kid !== currentKey().kid).forEach((i) => {
      i.upload?.cancel();
      i.upload = null;
      i.claim = null;
      startUpload(i);
    });
    const busy = () => items.filter((i) => ['cleaning', 'waiting', 'uploading'].includes(i.state));
    while (busy().length) {
      onWait(busy().map((i) => i.name));
      await Promise.race(busy().map((i) => (i.state === 'cleaning' ? i.prepared : i.done)));
    }
    const problems = items.filter((i) => i.state !== 'done').map((i) => (i.state === 'choose'
      ? t('problem.choose', i.name) : `${isolate(i.name)}: ${i.status.textContent}`));
    return problems.length ? { problems } : { claims: claims() };
  }

  function claims() {
    return items.filter((i) => i.state === 'done').map((i) => ({ id: i.claim.id, token: i.claim.token }));
  }

  /** A binding refusal from the server (docs/attachments.md section 8), shown on the file it names. */
  function refused(attachmentId, code) {
    const item = items.find((i) => i.claim && i.claim.id === attachmentId);
    if (!item) return null;
    item.claim = null;
    if (code === 'attachment-key-mismatch') item.upload = null;
    failed(item, code);
    return `${isolate(item.name)}: ${item.status.textContent}`;
  }

  /** Files and what happened to them, for the review step. */
  function summary() {
    return items.map((i) => ({ name: i.name, cleaned: i.cleaned === true, text: i.cleaned ? t('review.cleaned')
      : t('review.as-is') }));
  }

  /** The files as a list for the review step (or a sent message): each name and what was done to it. */
  function reviewList(files = summary()) {
    const out = element('ul', 'evidence-review');
    for (const file of files) {
      const entry = element('li');
      entry.append(element('bdi', '', file.name), ` (${file.text})`);
      out.append(entry);
    }
    return out;
  }

  /** After the report or message was stored: its files are bound to it; forget them here. */
  function clear() {
    items.splice(0).forEach((i) => i.row.remove());
    showAlert([]);
    announce('');
  }

  return { add, settle, claims, refused, summary, reviewList, clear, refreshKey, t, message, count: () => items.length };
}
