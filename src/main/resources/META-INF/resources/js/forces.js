// One force's settings on the admin's force page. The server checks everything (ForceAdminApi) and answers
// each problem in words for the field; what the admin typed stays in the form, since the page never reloads.

const form = document.getElementById('force-form');
const csrf = document.querySelector('meta[name="csrf-token"]').content;
const el = (id) => document.getElementById(id);
const fill = (template, ...values) => values.reduce((text, value, i) => text.replace(`{${i}}`, value), template);

function clear() {
  el('force-errors').hidden = true;
  el('force-errors').querySelector('ul').replaceChildren();
  el('force-failed').hidden = true;
  el('force-saved').hidden = true;
  el('force-rekeyed').hidden = true;
  for (const question of form.querySelectorAll('[data-field]')) {
    question.classList.remove('question--error');
    const error = question.querySelector('.error-message');
    error.textContent = '';
    error.hidden = true;
  }
}

function showErrors(errors) {
  const list = el('force-errors').querySelector('ul');
  for (const { field, message } of errors) {
    const question = form.querySelector(`[data-field="${field}"]`);
    const input = question?.querySelector('input, textarea');
    const item = document.createElement('li');
    const link = document.createElement('a');
    link.textContent = message;
    if (input) {
      link.href = `#${input.id}`;
      question.classList.add('question--error');
      const error = question.querySelector('.error-message');
      error.textContent = message;
      error.hidden = false;
    }
    item.append(link);
    list.append(item);
  }
  el('force-errors').hidden = false;
  el('force-errors').focus();
}

function showSaved(saved) {
  const data = form.dataset;
  const force = saved.force;
  el('can-receive').textContent = force.canReceive ? data.yes : data.no;
  el('key-id').textContent = force.keyId || data.none;
  if (force.updatedAt) el('updated-at').textContent = force.updatedAt;
  el('force-saved').querySelector('p').textContent = saved.changed ? data.saved : data.unchanged;
  el('force-saved').hidden = false;
  if (saved.keyChanged) {
    // The count shown before saving was about the key that has just been replaced.
    el('key-change-warning')?.remove();
    el('force-rekeyed').querySelector('p').textContent = fill(data.rekeyed, saved.queuedForOldKey, saved.oldKeyId);
    el('force-rekeyed').hidden = false;
  }
  el('force-saved').focus();
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  clear();
  const button = form.querySelector('button[type=submit]');
  button.disabled = true;
  try {
    const response = await fetch(form.dataset.api, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
      body: JSON.stringify({
        endpointUrl: el('endpoint-url').value,
        publicKey: el('public-key').value,
        enabled: el('enabled').checked,
      }),
      credentials: 'same-origin',
      cache: 'no-store',
    });
    if (response.status === 401) {
      window.location.assign('/casework/login');
      return;
    }
    const body = await response.json().catch(() => ({}));
    if (response.ok) {
      showSaved(body);
    } else if (response.status === 400 && Array.isArray(body.errors)) {
      showErrors(body.errors);
    } else {
      el('force-failed').hidden = false;
    }
  } catch {
    el('force-failed').hidden = false;
  } finally {
    button.disabled = false;
  }
});
