// The case's evidence files, opened in the caseworker's browser (docs/attachments.md section 15). Each file's
// header (chunk 0: name, type, size, cleaned) is opened when the case opens; images up to a modest size are then
// decrypted one at a time for a thumbnail; anything else only when the caseworker asks. Images and short text
// are shown on the page (a canvas, textContent); every file can be saved. A reporter's file is never given a
// page of its own: a blob: document would run with the staff origin, so an HTML or SVG file could act as the
// signed-in caseworker.

import { openAttachment, openAttachmentHeader } from '/js/attachment.js';
import { b64urlDecode } from '/js/envelope.js';

/** Images up to this size get a thumbnail as soon as the case opens (a phone photo; 32 chunks at most). */
const EAGER_THUMBNAIL_BYTES = 8 * 1024 * 1024;
const THUMBNAIL_PIXELS = 160;
/** Text shown on the page, not only saved, up to this size. */
const TEXT_SHOWN_BYTES = 1024 * 1024;
/** Bidirectional controls make "invoice_\u202Egpj.exe" look like a picture; never in a saved file's name. */
const UNSAFE_IN_NAME = /[\u0000-\u001f\u007f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069/\\]/g;

const el = (id) => document.getElementById(id);
const t = (name) => el('case-files').dataset[name];
const format = (text, ...args) => args.reduce((out, value, i) => out.replace(`{${i}}`, value), text);

let generation = 0; // every showCaseFiles starts a new one; work begun for an older one is dropped
let files = []; // the files of the case on screen

function status(text) {
  el('case-files-status').textContent = text;
}

/** Forgets every file and what was decrypted of it (locking, or leaving the page). */
export function forgetCaseFiles() {
  generation++;
  files = [];
  el('case-files-list').replaceChildren();
  closeViewer();
  status('');
}

/**
 * Lists `report`'s files. `stillShowing(report)` is the inbox's check that the case is still on screen; with the
 * generation it keeps a slow answer for a case opened earlier out of the case opened since.
 */
export async function showCaseFiles(report, { api, intakeKeys, stillShowing }) {
  const mine = ++generation;
  const live = () => mine === generation && stillShowing(report);
  files = [];
  closeViewer();
  el('case-files-list').replaceChildren();
  status(t('loading'));
  let listed;
  let sent;
  try {
    const [attachments, messages] = await Promise.all([api(`/casework/api/reports/${report.id}/attachments`),
      api(`/casework/api/reports/${report.id}/messages`)]);
    if (!attachments.ok || !messages.ok) throw new Error(`files: ${attachments.status} ${messages.status}`);
    listed = await attachments.json();
    sent = new Map((await messages.json()).map((m) => [m.id, m.sent]));
  } catch {
    if (live()) status(t('failed'));
    return;
  }
  const loaded = [];
  for (const item of listed) {
    if (!live()) return;
    loaded.push(await fileOf(report, item, sent, api, intakeKeys));
  }
  if (!live()) return;
  files = loaded;
  el('case-files-list').replaceChildren(...loaded.map((file) => file.row));
  status(loaded.length ? '' : t('none'));
  for (const file of loaded) {
    if (!live()) return;
    if (file.header?.type.startsWith('image/') && file.header.size <= EAGER_THUMBNAIL_BYTES) await thumbnail(file);
  }
}

/** One listed file, its header opened (4 KB), with its row; chunk 0 is kept so opening it later asks only for content. */
async function fileOf(report, item, sent, api, intakeKeys) {
  const file = { item, header: null, blob: null, opening: null, chunk0: null };
  const fetchChunk = async (i) => {
    if (i === 0 && file.chunk0) return file.chunk0;
    const response = await api(`/casework/api/reports/${report.id}/attachments/${item.id}/chunks/${i}`);
    if (!response.ok) throw new Error(`chunk ${i}: ${response.status}`);
    const bytes = await response.arrayBuffer();
    if (i === 0) file.chunk0 = bytes;
    return bytes;
  };
  const privateKey = intakeKeys.get(item.kid);
  file.args = { kid: item.kid, attachmentId: item.id, enc: b64urlDecode(item.enc), n: item.chunks, privateKey, fetchChunk };
  let problem = privateKey ? null : t('sealedForOthers');
  if (privateKey) {
    try {
      file.header = await openAttachmentHeader(file.args);
    } catch {
      problem = t('headerFailed');
    }
  }
  const cameWith = item.message === null ? t('withReport')
    : format(t('withMessage'), (sent.get(item.message) ?? '').slice(0, 10));
  file.row = problem ? brokenRow(problem, cameWith) : row(file, cameWith);
  return file;
}

function text(tag, className, value) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  node.textContent = value;
  return node;
}

function brokenRow(problem, cameWith) {
  const li = text('li', 'case-file case-file--broken', '');
  li.append(text('p', 'error-message', problem), text('p', 'case-file-meta', cameWith));
  return li;
}

function size(bytes) {
  if (bytes < 1024) return format(t('bytes'), String(bytes));
  if (bytes < 1024 * 1024) return format(t('kib'), (bytes / 1024).toFixed(1));
  return format(t('mib'), (bytes / 1024 / 1024).toFixed(1));
}

const isImage = (header) => header.type.startsWith('image/');
const isText = (header) => header.type.startsWith('text/plain') && header.size <= TEXT_SHOWN_BYTES;

function row(file, cameWith) {
  const { header } = file;
  const li = text('li', `case-file ${header.cleaned ? 'case-file--cleaned' : 'case-file--not-cleaned'}`, '');
  li.dataset.attachment = file.item.id;
  const thumb = document.createElement('canvas');
  thumb.className = 'case-file-thumb';
  thumb.width = THUMBNAIL_PIXELS;
  thumb.height = THUMBNAIL_PIXELS;
  thumb.hidden = true;
  thumb.setAttribute('role', 'img');
  thumb.setAttribute('aria-label', header.name || t('noName'));
  const noPreview = text('span', 'case-file-thumb case-file-no-preview', t('noPreview'));
  const about = text('div', 'case-file-about', '');
  const name = text('bdi', 'case-file-name', header.name || t('noName'));
  name.dir = 'auto';
  about.append(text('p', '', ''), text('p', 'case-file-meta', `${header.type || t('unknownType')} · ${size(header.size)}`),
    text('p', 'case-file-meta', cameWith),
    text('p', `case-file-mark ${header.cleaned ? 'case-file-mark--cleaned' : 'case-file-mark--not-cleaned'}`,
      header.cleaned ? t('cleaned') : t('notCleaned')));
  about.firstChild.append(name);
  const progress = document.createElement('progress');
  progress.hidden = true;
  const progressText = text('p', 'case-file-progress', '');
  progressText.setAttribute('role', 'status');
  const error = text('p', 'error-message', t('cannotOpen'));
  error.setAttribute('role', 'alert');
  error.hidden = true;
  const actions = text('div', 'actions', '');
  if (isImage(header) || isText(header)) actions.append(button(t('open'), 'case-file-open', () => show(file)));
  actions.append(button(t('download'), 'case-file-download', () => save(file)));
  if (!isImage(header) && !isText(header)) actions.append(text('p', 'hint', t('appOnly')));
  about.append(progress, progressText, error, actions);
  li.append(thumb, noPreview, about);
  return li;
}

function button(label, className, action) {
  const b = text('button', `button button--secondary ${className}`, label);
  b.type = 'button';
  b.addEventListener('click', action);
  return b;
}

/** The file's content, decrypted once and kept while its case is open; progress shown on its row. */
function decrypt(file) {
  file.opening ??= (async () => {
    const progress = file.row.querySelector('progress');
    const progressText = file.row.querySelector('.case-file-progress');
    progress.max = file.item.chunks;
    progress.value = 1;
    progress.hidden = false;
    progressText.textContent = format(t('decrypting'), '0');
    try {
      const { blob } = await openAttachment({ ...file.args, onProgress: (done, n) => {
        progress.value = done;
        progressText.textContent = format(t('decrypting'), String(Math.floor((100 * done) / n)));
      } });
      file.blob = blob;
      return blob;
    } catch (e) {
      file.row.querySelector('.error-message').hidden = false;
      file.row.classList.add('case-file--failed');
      for (const b of file.row.querySelectorAll('button')) b.disabled = true;
      throw e;
    } finally {
      progress.hidden = true;
      progressText.textContent = '';
    }
  })();
  return file.opening;
}

/** Decrypts for an action, or undefined if it failed or the file's case is no longer on screen. */
async function contentFor(file) {
  try {
    const blob = await decrypt(file);
    return files.includes(file) ? blob : undefined;
  } catch {
    return undefined;
  }
}

async function thumbnail(file) {
  const blob = await contentFor(file);
  if (!blob) return;
  let bitmap;
  try {
    bitmap = await createImageBitmap(blob);
  } catch {
    return; // a type this browser cannot draw (HEIC in Chromium): "No preview" stays
  }
  if (!files.includes(file)) return bitmap.close();
  const scale = Math.min(1, THUMBNAIL_PIXELS / Math.max(bitmap.width, bitmap.height));
  const canvas = file.row.querySelector('canvas');
  canvas.width = Math.max(1, Math.round(bitmap.width * scale));
  canvas.height = Math.max(1, Math.round(bitmap.height * scale));
  canvas.getContext('2d').drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  canvas.hidden = false;
  file.row.querySelector('.case-file-no-preview').hidden = true;
}

/** Shows an image at full size on a canvas, or short text as text: inside this page, within its CSP. */
async function show(file) {
  const blob = await contentFor(file);
  if (!blob) return;
  const image = el('case-file-viewer-image');
  const shownText = el('case-file-viewer-text');
  if (isImage(file.header)) {
    let bitmap;
    try {
      bitmap = await createImageBitmap(blob);
    } catch {
      // An image type this browser cannot draw (HEIC in Chromium): it can still be saved.
      if (!file.row.querySelector('.hint')) file.row.querySelector('.actions').append(text('p', 'hint', t('appOnly')));
      return;
    }
    if (!files.includes(file)) return bitmap.close();
    image.width = bitmap.width;
    image.height = bitmap.height;
    image.getContext('2d').drawImage(bitmap, 0, 0);
    bitmap.close();
    image.hidden = false;
    shownText.hidden = true;
  } else {
    const content = await blob.text();
    if (!files.includes(file)) return;
    shownText.textContent = content;
    shownText.hidden = false;
    image.hidden = true;
  }
  el('case-file-viewer-title').textContent = file.header.name || t('noName');
  el('case-file-viewer').hidden = false;
  el('case-file-viewer').focus();
}

function closeViewer() {
  el('case-file-viewer').hidden = true;
  el('case-file-viewer-text').textContent = '';
  const image = el('case-file-viewer-image');
  image.width = 0;
  image.height = 0;
  image.hidden = true;
}

/**
 * Saves the decrypted file through a download link on a blob: URL (downloads are not subject to the page's
 * CSP), typed application/octet-stream so the browser saves it rather than rendering it.
 */
async function save(file) {
  const blob = await contentFor(file);
  if (!blob) return;
  const url = URL.createObjectURL(new Blob([blob], { type: 'application/octet-stream' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.header.name.replace(UNSAFE_IN_NAME, '').trim() || 'evidence';
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Long enough for the browser to start writing; the bytes stay in file.blob while the case is open.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

el('case-file-viewer-close').addEventListener('click', closeViewer);
