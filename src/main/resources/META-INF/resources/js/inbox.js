// The caseworker's inbox. The browser unwraps the caseworker's key with their passphrase, opens the
// intake keys granted to it, then opens each report. Keys live in this module's memory only: nothing is
// written to storage, and leaving the page, "lock", or 15 idle minutes forget them.

import { generateKeyPair } from '/js/hpke.js';
import { openEnvelope, sealEnvelope, b64urlEncode } from '/js/envelope.js';
import { wrapWithSecret } from '/js/receipt.js';
import { STAFF_KEY_AAD, staffApi as api, myKeyMaterial, unlock, openGrants, openReportsPage, forgetKeysWhenDone } from '/js/staff-unlock.js';
import { showComposer, format } from '/js/referral-composer.js';
import { forceDirectory } from '/js/referral-forces.js';
import { showHistory, showDeadReferrals } from '/js/referral-history.js';
import { showCaseFiles, forgetCaseFiles } from '/js/case-files.js';

const root = document.getElementById('inbox');
const labels = JSON.parse(root.dataset.labels);
const status = document.getElementById('inbox-status');
const el = (id) => document.getElementById(id);

let intakeKeys = new Map(); // kid -> CryptoKey
let intakePublicKeys = new Map(); // kid -> base64url public key, for sealing caseworkers' copies
let current = null; // the report open in the case view
let opened = []; // { id, received, status, consent, document | null }
let page = 0;
let total = 0;
let pageSize = 50;

const text = (key) => labels.text[key] ?? key;
const staffText = (key) => labels.staff[key] ?? key;

/** What the referral modules need from this page; keys are read when called, so locking forgets them. */
function referralContext() {
  return {
    api,
    labels,
    t: staffText,
    text,
    intakeKeys,
    me: root.dataset.me,
    openLabel: root.dataset.open,
    onReferralsChanged: () => current && showHistory(current, referralContext()),
  };
}

function forget() {
  intakeKeys = new Map();
  intakePublicKeys = new Map();
  current = null;
  opened = [];
  el('reports').querySelector('tbody').replaceChildren();
  el('case-fields').replaceChildren();
  el('case-account').textContent = '';
  for (const id of ['referral-history', 'referral-reporter-words', 'referral-preview']) el(id).replaceChildren();
  el('referral-account').value = '';
  forgetCaseFiles();
}

function showError(form, message) {
  const error = form.querySelector('.error-message');
  error.textContent = message;
  error.hidden = false;
  error.focus?.();
}

async function start() {
  if (await myKeyMaterial() === null) {
    el('key-setup').hidden = false;
    el('new-passphrase').focus();
  } else {
    el('key-unlock').hidden = false;
    el('passphrase').focus();
  }
}

el('key-setup-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = event.target;
  const passphrase = el('new-passphrase').value.normalize('NFC');
  if ([...passphrase].length < 12) return showError(form, root.dataset.short);
  if (passphrase !== el('new-passphrase-again').value.normalize('NFC')) return showError(form, root.dataset.mismatch);
  status.textContent = root.dataset.working;
  const pair = await generateKeyPair();
  const wrapped = await wrapWithSecret(passphrase, STAFF_KEY_AAD, pair.d, pair.publicKey);
  const response = await api('/casework/api/keys/mine', {
    method: 'POST',
    body: JSON.stringify({ publicKey: b64urlEncode(pair.publicKey), wrappedPrivateKey: wrapped }),
  });
  status.textContent = '';
  if (!response.ok) return showError(form, root.dataset.failed);
  el('key-setup').hidden = true;
  await showUnlocked(await openGrants(pair.privateKey, []));
});

el('key-unlock-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = event.target;
  status.textContent = root.dataset.working;
  let unlocked;
  try {
    unlocked = await unlock(el('passphrase').value, await myKeyMaterial());
  } catch {
    status.textContent = '';
    return showError(form, root.dataset.failed);
  }
  el('passphrase').value = '';
  el('key-unlock').hidden = true;
  await showUnlocked(unlocked);
});

async function showUnlocked(unlocked) {
  intakeKeys = unlocked.intakeKeys;
  intakePublicKeys = unlocked.intakePublicKeys;
  el('no-grants').hidden = intakeKeys.size > 0;
  el('report-list').hidden = false;
  buildFilters();
  await loadPage(0);
}

async function loadPage(number) {
  status.textContent = root.dataset.working;
  const data = await openReportsPage(number, intakeKeys);
  page = data.page;
  total = data.total;
  pageSize = data.pageSize;
  opened = data.reports;
  status.textContent = '';
  render();
  showDeadReferrals(referralContext(), opened, showCase);
}

function option(value, label) {
  const o = new Option(label, value);
  return o;
}

function buildFilters() {
  const fill = (select, name, codes) => {
    select.replaceChildren(option('', root.dataset.any), ...codes.map((c) => option(c, text(`${name}.${c}`))));
  };
  const codesOf = (question) => Object.keys(labels.text)
    .filter((k) => k.startsWith(`q.${question}.`) && !k.endsWith('.hint') && !k.endsWith('.label') && !k.includes('.error.'))
    .map((k) => k.slice(`q.${question}.`.length));
  fill(el('filter-category'), 'q.crime_type', codesOf('crime_type'));
  fill(el('filter-consent'), 'q.consent', codesOf('consent'));
  fill(el('filter-status'), 'status', ['new', 'in_review', 'waiting', 'referred', 'closed']);
  for (const id of ['filter-category', 'filter-status', 'filter-consent', 'sort']) el(id).addEventListener('change', render);
}

function ageDays(received) {
  return Math.max(0, Math.floor((Date.now() - Date.parse(received)) / 86400000));
}

function render() {
  const category = el('filter-category').value;
  const wanted = el('filter-status').value;
  const consent = el('filter-consent').value;
  const rows = opened.filter((r) => (!wanted || r.status === wanted) && (!consent || r.consent === consent)
    && (!category || r.document?.answers?.crime_type === category));
  const sort = el('sort').value;
  rows.sort((a, b) => {
    if (sort === 'oldest') return a.received.localeCompare(b.received);
    if (sort === 'category') return (a.document?.answers?.crime_type ?? '~').localeCompare(b.document?.answers?.crime_type ?? '~');
    return b.received.localeCompare(a.received);
  });
  const body = el('reports').querySelector('tbody');
  body.replaceChildren(...rows.map(row));
  el('empty').hidden = rows.length > 0;
  el('page-label').textContent = root.dataset.page.replace('{0}', String(page + 1));
  el('previous-page').disabled = page === 0;
  el('next-page').disabled = (page + 1) * pageSize >= total;
}

function cell(value) {
  const td = document.createElement('td');
  td.textContent = value;
  return td;
}

const EXPIRY_WARNING_DAYS = 14;

function expiryCell(expires) {
  const days = Math.ceil((Date.parse(expires) - Date.now()) / 86400000);
  const td = cell(days <= EXPIRY_WARNING_DAYS
    ? root.dataset.expiresSoon.replace('{0}', expires).replace('{1}', String(Math.max(days, 0))) : expires);
  if (days <= EXPIRY_WARNING_DAYS) td.className = 'expires-soon';
  return td;
}

function row(report) {
  const tr = document.createElement('tr');
  tr.dataset.reportId = report.id;
  const a = report.document?.answers;
  tr.append(cell(report.received.slice(0, 10)));
  if (!a) {
    const locked = cell(root.dataset.sealedForOthers);
    locked.colSpan = 3;
    tr.append(locked);
  } else {
    tr.append(cell(text(`q.crime_type.${a.crime_type}`)), cell(a.where_force ? text(`q.where_force.${a.where_force}`) : ''));
  }
  if (a) tr.append(cell(text(`q.consent.${report.consent}`)));
  tr.append(cell(report.document ? (labels.languages[report.document.lang] ?? report.document.lang) : ''),
    cell(text(`status.${report.status}`)), cell(String(ageDays(report.received))), expiryCell(report.expires));
  const open = document.createElement('td');
  if (a) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'button button--secondary';
    button.textContent = root.dataset.open;
    button.addEventListener('click', () => showCase(report));
    open.append(button);
  }
  tr.append(open);
  return tr;
}

function showCase(report) {
  const answers = report.document.answers;
  el('case-title').textContent = root.dataset.caseTitle.replace('{0}', report.received.slice(0, 10));
  const fields = el('case-fields');
  fields.replaceChildren();
  for (const question of labels.questions) {
    const value = answers[question.name];
    if (value === undefined || question.name === 'account') continue;
    const wrapper = document.createElement('div');
    wrapper.className = 'review-row';
    const dt = document.createElement('dt');
    dt.textContent = text(`q.${question.name}.label`);
    const dd = document.createElement('dd');
    for (const v of Array.isArray(value) ? value : [value]) dd.append(answer(question, v, report.document.lang));
    wrapper.append(dt, dd);
    fields.append(wrapper);
  }
  const language = labels.languages[report.document.lang] ?? report.document.lang;
  el('case-language').textContent = root.dataset.writtenIn.replace('{0}', language);
  el('case-account').textContent = answers.account ?? '';
  el('case-account').lang = labels.languages[report.document.lang] ? report.document.lang : '';
  el('case-status').value = report.status;
  el('case-assign').textContent = report.assignedTo ? el('case-assign').dataset.release : el('case-assign').dataset.take;
  el('case-saved').textContent = '';
  current = report;
  el('report-list').hidden = true;
  el('case').hidden = false;
  el('case').focus();
  api(`/casework/api/reports/${report.id}/viewed`, { method: 'POST' });
  loadMessages(report);
  loadNotes(report);
  showCaseFiles(report, { api, intakeKeys, stillShowing });
  showHistory(report, referralContext());
  showComposer(report, referralContext());
}

const englishDate = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' });

/**
 * One answer as the caseworker reads it: a choice or a date in the caseworker's language (English), never
 * its code or the reporter's language; words the reporter typed as written, marked with the report's
 * language and direction so a screen reader pronounces them right.
 */
function answer(question, value, lang) {
  const span = document.createElement('span');
  span.className = 'review-answer';
  if (question.options) {
    span.textContent = labels.text[`q.${question.name}.${value}`] ?? staffText('case.answer.unknown');
  } else if (question.date && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value))) {
    span.textContent = englishDate.format(new Date(`${value}T00:00:00Z`));
  } else {
    span.textContent = value;
    span.dir = 'auto';
    if (labels.languages[lang]) span.lang = lang;
  }
  return span;
}

/** True while `report` is the case on screen: a slow answer for a case closed since must not fill this one. */
function stillShowing(report) {
  return current?.id === report.id && !el('case').hidden;
}

async function loadNotes(report) {
  const list = el('case-notes');
  list.replaceChildren();
  const notes = await (await api(`/casework/api/reports/${report.id}/notes`)).json();
  const items = [];
  for (const note of notes) {
    const envelope = JSON.parse(note.envelope);
    const key = intakeKeys.get(envelope.kid);
    let shown = list.dataset.sealed;
    let lang = 'en';
    if (key) {
      try {
        const body = JSON.parse(new TextDecoder().decode(await openEnvelope(envelope, 'note', key)));
        const outcome = body.outcome ? `${list.dataset.outcome} ${el('outcome').querySelector(`option[value="${body.outcome}"]`)?.textContent ?? body.outcome}` : '';
        shown = [outcome, body.text].filter(Boolean).join(' — ');
      } catch {
        shown = list.dataset.sealed;
      }
    }
    const item = document.createElement('li');
    item.className = 'message';
    const from = document.createElement('p');
    from.className = 'message-from';
    from.textContent = `${note.author}, ${note.written.slice(0, 10)}`;
    const body = document.createElement('p');
    body.className = 'message-text';
    body.textContent = shown;
    item.append(from, body);
    items.push(item);
  }
  // All at once, and only into the case it was loaded for (opening another case meanwhile starts a new load).
  if (stillShowing(report)) list.replaceChildren(...items);
}

el('note-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = event.target;
  const error = form.querySelector('.error-message');
  const text = el('note').value.normalize('NFC').trim();
  const outcome = el('outcome').value;
  error.hidden = true;
  if (!text && !outcome) {
    error.textContent = error.dataset.empty;
    error.hidden = false;
    return;
  }
  const report = current;
  const plaintext = new TextEncoder().encode(JSON.stringify({ schema: 'haven.note/1', kind: outcome ? 'outcome' : 'note', outcome: outcome || null, text }));
  const envelope = await sealEnvelope('note', report.kid, intakePublicKeys.get(report.kid), plaintext);
  const response = await api(`/casework/api/reports/${report.id}/notes`, {
    method: 'POST',
    body: JSON.stringify({ envelope, outcome: Boolean(outcome) }),
  });
  if (response.status !== 201) {
    error.hidden = false;
    return;
  }
  form.reset();
  await loadNotes(report);
});

el('case-delete').addEventListener('click', async () => {
  if (!window.confirm(el('case-delete').dataset.confirm)) return;
  const response = await api(`/casework/api/reports/${current.id}/delete`, { method: 'POST' });
  if (response.ok) {
    opened = opened.filter((r) => r.id !== current.id);
    el('case').hidden = true;
    el('report-list').hidden = false;
    render();
  }
});

async function loadMessages(report) {
  const list = el('case-messages');
  list.replaceChildren();
  const messages = await (await api(`/casework/api/reports/${report.id}/messages`)).json();
  const forces = messages.some((m) => m.sender === 'haven') ? await forceDirectory(api, labels) : null;
  const items = [];
  for (const message of messages) {
    const envelope = JSON.parse(message.envelope);
    const key = intakeKeys.get(envelope.kid);
    let shown = list.dataset.sealed;
    let lang = 'en';
    if (key) {
      try {
        // Replies and Haven's notices come through their copies sealed to the intake key, as 'reply'.
        const bytes = await openEnvelope(envelope, message.sender === 'reporter' ? 'message' : 'reply', key);
        const body = JSON.parse(new TextDecoder().decode(bytes));
        shown = message.sender === 'haven' ? policeNotice(body, forces) : body.text;
        if (message.sender !== 'haven' && labels.languages[body.lang]) lang = body.lang;
        // A reporter's message with files and no text (docs/attachments.md section 13): say so, not an empty bubble.
        if (message.sender === 'reporter' && body.text === '') [shown, lang] = [list.dataset.filesOnly, 'en'];
      } catch {
        shown = list.dataset.sealed;
      }
    }
    const item = document.createElement('li');
    item.className = `message message--${{ caseworker: 'caseworker', haven: 'service' }[message.sender] ?? 'reporter'}`;
    const from = document.createElement('p');
    from.className = 'message-from';
    from.textContent = message.sender === 'haven' ? staffText('case.from-haven')
      : message.sender === 'caseworker' ? list.dataset.fromCaseworker : list.dataset.fromReporter;
    const body = document.createElement('p');
    body.className = 'message-text';
    body.dir = 'auto';
    body.lang = lang;
    body.textContent = shown;
    item.append(from, body);
    items.push(item);
  }
  if (stillShowing(report)) list.replaceChildren(...items);
}

/** Haven's "passed to police" notice to the reporter, as the caseworker reads it: a notice, not a message. */
function policeNotice(body, forces) {
  if (body.schema !== 'haven.police/1') return el('case-messages').dataset.sealed;
  const force = forces.name(body.force);
  return body.reference ? format(staffText('case.police-notice'), force, body.reference)
    : format(staffText('case.police-notice.no-reference'), force);
}

el('reply-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = event.target;
  const error = form.querySelector('.error-message');
  error.hidden = true;
  const text = el('reply').value.normalize('NFC').trim();
  if (!text) {
    error.textContent = error.dataset.empty;
    error.hidden = false;
    return;
  }
  const report = current;
  const plaintext = new TextEncoder().encode(JSON.stringify({ schema: 'haven.message/1', lang: 'en', text }));
  const [toReporter, copy] = await Promise.all([
    sealEnvelope('reply', 'mailbox', report.mailboxPublicKey, plaintext),
    sealEnvelope('reply', report.kid, intakePublicKeys.get(report.kid), plaintext),
  ]);
  const response = await api(`/casework/api/reports/${report.id}/messages`, {
    method: 'POST',
    body: JSON.stringify({ toReporter, copy }),
  });
  if (response.status !== 201) {
    error.textContent = document.querySelector('[data-post-error]')?.textContent ?? error.textContent;
    error.hidden = false;
    return;
  }
  el('reply').value = '';
  if (report.status === 'new' || report.status === 'in_review') report.status = 'waiting';
  el('case-status').value = report.status;
  await loadMessages(report);
});

el('case-status').addEventListener('change', async () => {
  const response = await api(`/casework/api/reports/${current.id}/status`, {
    method: 'POST',
    body: JSON.stringify({ status: el('case-status').value }),
  });
  if (response.ok) {
    current.status = el('case-status').value;
    el('case-saved').textContent = el('case-saved').dataset.saved;
  }
});

el('case-assign').addEventListener('click', async () => {
  const toMe = !current.assignedTo;
  const response = await api(`/casework/api/reports/${current.id}/assign`, {
    method: 'POST',
    body: JSON.stringify({ toMe }),
  });
  if (response.ok) {
    current.assignedTo = toMe ? 'me' : null;
    el('case-assign').textContent = toMe ? el('case-assign').dataset.release : el('case-assign').dataset.take;
    el('case-saved').textContent = el('case-saved').dataset.saved;
  }
});

el('back-to-list').addEventListener('click', () => {
  el('case').hidden = true;
  el('report-list').hidden = false;
  render();
  showDeadReferrals(referralContext(), opened, showCase);
});
el('previous-page').addEventListener('click', () => loadPage(page - 1));
el('next-page').addEventListener('click', () => loadPage(page + 1));
forgetKeysWhenDone(forget, el('lock'));
start();
