// Staff pages: every state-changing request is a fetch that carries the session's CSRF token in a header
// (StaffGate refuses it otherwise). Staff pages need JavaScript: reports are opened in the browser.

const csrf = document.querySelector('meta[name="csrf-token"]').content;

async function post(url, body) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'X-CSRF-Token': csrf, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
    credentials: 'same-origin',
    cache: 'no-store',
  });
  if (!response.ok) throw new Error(String(response.status));
  return response;
}

function showError(scope) {
  const error = scope.querySelector('[data-post-error]') || document.querySelector('[data-post-error]');
  if (error) {
    error.hidden = false;
    error.focus?.();
  }
}

for (const button of document.querySelectorAll('[data-post]')) {
  button.addEventListener('click', async () => {
    try {
      await post(button.dataset.post);
      window.location.assign(button.dataset.then);
    } catch {
      showError(document);
    }
  });
}

for (const form of document.querySelectorAll('form[data-json-form]')) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = Object.fromEntries(new FormData(form).entries());
    try {
      await post(form.dataset.jsonForm, body);
      window.location.assign(form.dataset.then);
    } catch {
      showError(form);
    }
  });
}
