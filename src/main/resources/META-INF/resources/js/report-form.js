// The report form with JavaScript: checks the answers, shows them back for review, then seals the
// report in this browser and sends only ciphertext. The server never sees the answers on this path.
// The rules mirror AnswerCheck.java; the sealed document mirrors ReportPlaintext.java.

import { watchEvidence } from '/js/reporter.js';

const form = document.getElementById('report-form');
const questions = [...form.querySelectorAll('[data-question]')];
const jsSummary = document.getElementById('js-error-summary');
const review = document.getElementById('js-review');
const confirmation = document.getElementById('js-confirmation');
const sendButton = document.getElementById('js-send');
const sendStatus = document.getElementById('js-sending-status');
const sendError = document.getElementById('js-send-error');

let submissionKey = form.elements.submission_key.value;
// The proof of work is solved in the background while the reporter types (proof.js).
const proofs = import('/js/proof.js').then((module) => {
  module.prepare('report');
  return module;
});
let sealedBody = null;
let sealedKid = null;
let receipt = null;

// Evidence files (evidence.js): loaded the first time the reporter picks a file, not with the page.
let evidence = null;
watchEvidence(document.getElementById('evidence'), form, (controller) => { evidence = controller; });

function clean(text) {
  return text.normalize('NFC').replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g, '').trim();
}

function collectAnswers() {
  const answers = {};
  for (const question of questions) {
    const name = question.dataset.question;
    const widget = question.dataset.widget;
    if (widget === 'CHECKBOXES') {
      const values = [...question.querySelectorAll('input:checked')].map((input) => input.value);
      if (values.length) answers[name] = values;
    } else if (widget === 'RADIOS') {
      const checked = question.querySelector('input:checked');
      if (checked) answers[name] = checked.value;
    } else {
      const value = clean(form.elements[name].value);
      if (value) answers[name] = value;
    }
  }
  return answers;
}

function check(answers) {
  const errors = [];
  const today = new Date().toISOString().slice(0, 10);
  for (const question of questions) {
    const name = question.dataset.question;
    const value = answers[name];
    if (value === undefined) {
      if (question.dataset.required) errors.push({ question, message: question.dataset.required });
      continue;
    }
    const max = Number(question.dataset.max || 0);
    if (max && typeof value === 'string' && [...value].length > max) {
      errors.push({ question, message: form.dataset.errorTooLong.replace('{0}', String(max)) });
    } else if (question.dataset.widget === 'DATE') {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) errors.push({ question, message: form.dataset.errorDate });
      else if (value > today) errors.push({ question, message: form.dataset.errorDateFuture });
    }
  }
  const from = answers.when_date;
  const until = answers.when_until;
  if (from && until && until < from && !errors.some((e) => e.question.dataset.question === 'when_until')) {
    errors.push({ question: form.querySelector('[data-question="when_until"]'), message: form.dataset.errorDateOrder });
  }
  return errors;
}

function firstInput(question) {
  return question.querySelector('input, select, textarea');
}

function showErrors(errors) {
  for (const question of questions) {
    question.classList.remove('question--error');
    const message = question.querySelector('.error-message');
    message.hidden = true;
    message.textContent = '';
    question.querySelectorAll('[aria-invalid]').forEach((control) => control.removeAttribute('aria-invalid'));
  }
  const serverSummary = document.getElementById('error-summary');
  if (serverSummary) serverSummary.hidden = true;
  const list = jsSummary.querySelector('ul');
  list.replaceChildren();
  for (const { question, message } of errors) {
    question.classList.add('question--error');
    const inline = question.querySelector('.error-message');
    inline.textContent = message;
    inline.hidden = false;
    const input = firstInput(question);
    // The error is part of the field's description (aria-describedby); a lone field is also marked invalid.
    if (question.tagName !== 'FIELDSET') input.setAttribute('aria-invalid', 'true');
    const link = document.createElement('a');
    link.href = `#${input.id}`;
    link.textContent = message;
    link.addEventListener('click', (event) => {
      event.preventDefault();
      input.focus();
      question.scrollIntoView({ block: 'center' });
    });
    const item = document.createElement('li');
    item.append(link);
    list.append(item);
  }
  jsSummary.hidden = errors.length === 0;
  if (errors.length) {
    document.title = document.title.startsWith(form.dataset.errorPrefix) ? document.title
      : `${form.dataset.errorPrefix} ${document.title}`;
    jsSummary.focus();
  }
}

function labelText(question) {
  return question.querySelector('legend, label').textContent.trim();
}

function shownAnswer(question, value) {
  const values = Array.isArray(value) ? value : [value];
  const widget = question.dataset.widget;
  return values.map((v) => {
    if (widget === 'RADIOS' || widget === 'CHECKBOXES') {
      const input = [...question.querySelectorAll('input')].find((i) => i.value === v);
      return form.querySelector(`label[for="${input.id}"]`).textContent.trim();
    }
    if (widget === 'SELECT') return question.querySelector('select').selectedOptions[0].textContent.trim();
    return v;
  });
}

function showReview(answers) {
  const list = review.querySelector('dl');
  list.replaceChildren();
  for (const question of questions) {
    const value = answers[question.dataset.question];
    if (value === undefined) continue;
    const row = document.createElement('div');
    row.className = 'review-row';
    const term = document.createElement('dt');
    term.textContent = labelText(question);
    const detail = document.createElement('dd');
    if (question.dataset.widget === 'TEXTAREA') {
      detail.className = 'long-text';
      detail.dir = 'auto';
    }
    for (const text of shownAnswer(question, value)) {
      const span = document.createElement('span');
      span.className = 'review-answer';
      span.dir = 'auto'; // a place name in Latin script keeps its punctuation on an Arabic page
      span.textContent = text;
      detail.append(span);
    }
    row.append(term, detail);
    list.append(row);
  }
  if (evidence && evidence.count()) list.append(evidenceRow());
  form.hidden = true;
  document.querySelectorAll('.lead, .warning-box, #main > h1').forEach((el) => { el.hidden = true; });
  review.hidden = false;
  review.focus();
  window.scrollTo(0, 0);
}

/** The review lists the files with what was done to them: cleaned, or sent as they are. */
function evidenceRow() {
  const row = document.createElement('div');
  row.className = 'review-row';
  const term = document.createElement('dt');
  term.textContent = evidence.t('review.title');
  const detail = document.createElement('dd');
  detail.append(evidence.reviewList());
  row.append(term, detail);
  return row;
}

function backToForm() {
  // Changed answers are a different report: seal afresh under a new key and a new receipt.
  sealedBody = null;
  receipt = null;
  submissionKey = randomKey();
  review.hidden = true;
  sendError.hidden = true;
  document.querySelectorAll('.lead, .warning-box, #main > h1').forEach((el) => { el.hidden = false; });
  form.hidden = false;
  form.querySelector('button[type=submit]').focus();
}

function randomKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

async function seal(answers) {
  const [{ sealEnvelope, b64urlEncode }, { generateKeyPair }, receipts] = await Promise.all([
    import('/js/envelope.js'), import('/js/hpke.js'), import('/js/receipt.js')]);
  receipt = receipts.newReceipt();
  const report = { schema: 'haven.report/1', lang: form.dataset.lang, answers };
  const plaintext = new TextEncoder().encode(JSON.stringify(report));
  const mailbox = await generateKeyPair();
  const [envelope, wrapped, token] = await Promise.all([
    sealEnvelope('report', form.dataset.kid, form.dataset.publicKey, plaintext),
    receipts.wrapPrivateKey(receipt, mailbox.d, mailbox.publicKey),
    receipts.lookupToken(receipt),
  ]);
  sealedKid = form.dataset.kid;
  return {
    body: JSON.stringify({
      submissionKey,
      envelope,
      mailboxPublicKey: b64urlEncode(mailbox.publicKey),
      mailboxWrappedKey: wrapped,
      token,
      consent: answers.consent,
    }),
    grouped: receipts.groupReceipt(receipt),
  };
}

let grouped = null;

const isolate = (text) => `\u2068${text}\u2069`;
const ATTACHMENT_CODES = ['bad-request', 'attachment-not-found', 'attachment-incomplete', 'attachment-key-mismatch',
  'attachment-bound', 'too-many-attachments', 'attachments-too-large'];

/** The files' {id, token} once every upload has finished; null (after saying why) when one needs the reporter. */
async function evidenceClaims() {
  if (!evidence || !evidence.count()) return [];
  const settled = await evidence.settle((names) => {
    sendStatus.textContent = evidence.t('waiting', names.map(isolate).join(', '));
  });
  if (settled.problems) {
    fail([...settled.problems, evidence.t('problems.back', document.getElementById('js-change').textContent.trim())]
      .join(' '));
    return null;
  }
  return settled.claims;
}

/** The service's intake key was rotated since the page was loaded: seal to the new one. */
async function refreshKey() {
  if (evidence) return evidence.refreshKey();
  const response = await fetch('/api/intake-key', { credentials: 'omit', cache: 'no-store' });
  if (!response.ok) throw new Error(`intake key: ${response.status}`);
  const { kid, publicKey } = await response.json();
  form.dataset.kid = kid;
  form.dataset.publicKey = publicKey;
}

async function send(answers, keyRefreshed = false) {
  sendButton.disabled = true;
  sendError.hidden = true;
  sendStatus.textContent = sendButton.dataset.sending;
  try {
    const attachments = await evidenceClaims();
    if (attachments === null) return;
    sendStatus.textContent = sendButton.dataset.sending;
    if (sealedBody && sealedKid !== form.dataset.kid) sealedBody = null; // the key was rotated meanwhile
    if (!sealedBody) {
      const sealed = await seal(answers);
      sealedBody = sealed.body;
      grouped = sealed.grouped;
    }
    // A resend after a dropped connection carries the same submission key: stored once, never twice.
    const { take } = await proofs;
    let response = await post(await take('report'), attachments);
    let problem = await problemOf(response);
    // A proof refused as stale or already used (a resend after a dropped answer): once more with a fresh one.
    if ([403, 409, 428].includes(response.status) && !ATTACHMENT_CODES.includes(problem.code)) {
      response = await post(await take('report'), attachments);
      problem = await problemOf(response);
    }
    if (response.status === 201 || response.status === 200) {
      showConfirmation();
      return;
    }
    const staleKey = (response.status === 422 && !problem.code) || problem.code === 'attachment-key-mismatch';
    if (staleKey && !keyRefreshed) {
      // Sealed to a key that is no longer current: fetch the new key, seal again (files too), send once more.
      await refreshKey();
      sealedBody = null;
      send(answers, true);
      return;
    }
    if (evidence && ATTACHMENT_CODES.includes(problem.code)) {
      // A file was refused: say so on that file; the answers and the other uploads stay as they are.
      const onFile = problem.attachment ? evidence.refused(problem.attachment, problem.code) : null;
      fail([onFile || evidence.message(problem.code),
        evidence.t('problems.back', document.getElementById('js-change').textContent.trim())].join(' '));
      return;
    }
    fail(response.status === 422 ? sendError.dataset.key : sendError.dataset.refused);
  } catch (error) {
    fail(sendError.dataset.network);
  }
}

/** The problem details of a refusal ({} when there are none). */
async function problemOf(response) {
  if (response.ok) return {};
  try {
    return await response.json();
  } catch {
    return {};
  }
}

function post(proof, attachments) {
  const extra = attachments.length ? { attachments } : {};
  return fetch('/api/reports', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ ...JSON.parse(sealedBody), ...proof, ...extra }),
    credentials: 'omit',
    cache: 'no-store',
  });
}

function fail(message) {
  sendStatus.textContent = '';
  sendError.textContent = message;
  sendError.hidden = false;
  sendButton.disabled = false;
  sendError.focus?.();
}

function showConfirmation() {
  review.hidden = true;
  confirmation.querySelector('[data-receipt]').textContent = grouped;
  confirmation.hidden = false;
  document.title = `${confirmation.querySelector('h1').textContent} – ${document.title.split(' – ').pop()}`;
  confirmation.focus();
  // The answers and keys are no longer needed in this page.
  form.reset();
  evidence?.clear();
  sealedBody = null;
  receipt = null;
}

let currentAnswers = null;

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const answers = collectAnswers();
  const errors = check(answers);
  showErrors(errors);
  if (errors.length === 0) {
    currentAnswers = answers;
    showReview(answers);
  }
});

sendButton.addEventListener('click', () => send(currentAnswers));
document.getElementById('js-change').addEventListener('click', backToForm);
