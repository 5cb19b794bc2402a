// The reporter's mailbox with JavaScript: opens the messages with the mailbox key, unwrapped here from the
// receipt that mailbox-signin.js kept for this tab (sessionStorage; quick exit clears it), and seals the
// reporter's answers in the browser: to the intake key for caseworkers, and a copy to the mailbox key.

import { openEnvelope, sealEnvelope, b64urlEncode } from '/js/envelope.js';
import { unwrapPrivateKey } from '/js/receipt.js';
import { watchEvidence } from '/js/reporter.js';

const RECEIPT_KEY = 'haven-receipt';
const list = document.getElementById('messages');
const form = document.getElementById('message-form');
const error = document.getElementById('message-error');
const receipt = sessionStorage.getItem(RECEIPT_KEY);
let mailboxKey = null;

// Evidence files with a message (evidence.js), loaded when the reporter first picks one.
let evidence = null;
watchEvidence(document.getElementById('message-evidence'), form, (controller) => { evidence = controller; });

const isolate = (text) => `\u2068${text}\u2069`;

/** The files' {id, token} once uploaded; null after showing which file still needs the reporter. */
async function evidenceClaims() {
  if (!evidence || !evidence.count()) return [];
  const settled = await evidence.settle((names) => {
    error.textContent = evidence.t('waiting', names.map(isolate).join(', '));
    error.classList.remove('error-message');
    error.hidden = false;
  });
  error.classList.add('error-message');
  error.hidden = true;
  if (!settled.problems) return settled.claims;
  showError(settled.problems.join(' '));
  return null;
}

function showError(text) {
  error.textContent = text;
  error.hidden = false;
}

async function openAll() {
  if (!list || !receipt) return;
  try {
    mailboxKey = await unwrapPrivateKey(receipt, JSON.parse(list.dataset.wrappedKey));
  } catch {
    return; // a stale receipt from another report: leave the messages sealed
  }
  for (const item of list.querySelectorAll('[data-envelope]')) {
    const textElement = item.querySelector('.message-text');
    if (!textElement.querySelector('.message-sealed')) continue;
    try {
      const bytes = await openEnvelope(JSON.parse(item.dataset.envelope), item.dataset.purpose, mailboxKey);
      const message = JSON.parse(new TextDecoder().decode(bytes));
      if (item.dataset.policeReference === undefined) {
        showText(textElement, message.text);
      } else if (message.schema === 'haven.police/1') {
        // Haven's notice: the sentence about the day is already on the page; the reference was sealed.
        const passed = textElement.querySelector('.police-passed');
        if (typeof message.reference === 'string' && message.reference) {
          textElement.replaceChildren(passed, ' ', item.dataset.policeReference.replace('{0}', `\u2068${message.reference}\u2069`));
        } else {
          textElement.replaceChildren(passed);
        }
      }
    } catch {
      // leave it sealed
    }
  }
}

form?.addEventListener('submit', async (event) => {
  event.preventDefault();
  const text = form.elements.message.value.normalize('NFC').replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g, '').trim();
  error.hidden = true;
  // Text or files: the server cannot see the sealed text, so this page keeps the rule (docs section 13).
  if (!text && !evidence?.count()) {
    showError(form.dataset.empty);
    return;
  }
  const button = form.querySelector('button[type=submit]');
  button.disabled = true;
  try {
    await sendMessage(text);
  } finally {
    button.disabled = false;
  }
});

async function sendMessage(text, keyRefreshed = false) {
  const attachments = await evidenceClaims();
  if (attachments === null) return;
  if (!text && !attachments.length) {
    showError(form.dataset.empty);
    return;
  }
  const files = evidence ? evidence.summary() : [];
  const plaintext = new TextEncoder().encode(JSON.stringify({ schema: 'haven.message/1', lang: form.dataset.lang, text }));
  let problem = {};
  try {
    const [envelope, copy] = await Promise.all([
      sealEnvelope('message', form.dataset.kid, form.dataset.publicKey, plaintext),
      sealEnvelope('message', 'mailbox', form.dataset.mailboxKey, plaintext),
    ]);
    const response = await fetch('/api/mailbox/messages', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ token: form.elements.token.value, envelope, copy,
        ...(attachments.length ? { attachments } : {}) }),
      credentials: 'omit',
      cache: 'no-store',
    });
    if (response.status !== 201) {
      problem = await response.json().catch(() => ({}));
      throw new Error(String(response.status));
    }
  } catch {
    const staleKey = problem.code === 'attachment-key-mismatch' || (!problem.code && problem.status === 422);
    if (evidence && staleKey && !keyRefreshed) {
      // The intake key was rotated since the page was loaded: seal the message and the files to the new one.
      await evidence.refreshKey();
      await sendMessage(text, true);
      return;
    }
    const onFile = evidence && problem.code
      ? (problem.attachment && evidence.refused(problem.attachment, problem.code)) || evidence.message(problem.code)
      : null;
    showError(onFile ? `${onFile} ${form.dataset.error}` : form.dataset.error);
    return;
  }
  appendOwn(text, files);
  form.reset();
  evidence?.clear();
}

/** A message's text; a message sent with files and no text says so instead of showing an empty bubble. */
function showText(element, text) {
  element.textContent = text || form.dataset.filesOnly;
  element.classList.toggle('message-files-only', !text);
}

function appendOwn(text, files = []) {
  let target = list;
  if (!target) {
    target = document.createElement('ol');
    target.className = 'messages';
    form.before(target);
  }
  const item = document.createElement('li');
  item.className = 'message message--reporter';
  const from = document.createElement('p');
  from.className = 'message-from';
  from.textContent = form.dataset.fromYou;
  const body = document.createElement('p');
  body.className = 'message-text';
  body.dir = 'auto';
  showText(body, text);
  item.append(from, body);
  if (files.length) item.append(evidence.reviewList(files));
  target.append(item);
  const notice = document.createElement('p');
  notice.setAttribute('role', 'status');
  notice.className = 'notice';
  notice.textContent = form.dataset.sent;
  form.before(notice);
}

openAll();
