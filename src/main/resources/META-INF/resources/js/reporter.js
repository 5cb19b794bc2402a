// Every reporter page: quick exit, then the page's own behaviour, loaded only where it is needed.
// Without JavaScript the exit is a plain link and every form posts to the server.

const exitUrl = document.body.dataset.quickExitUrl;

function quickExit(event) {
  if (event) event.preventDefault();
  // Blank first, so nothing stays on screen while the next site loads; forget a kept receipt.
  try { sessionStorage.clear(); } catch { /* storage may be disabled */ }
  document.title = '';
  document.body.replaceChildren();
  document.body.style.background = '#fff';
  // replace() swaps this page's history entry for the neutral site, so Back does not return here.
  window.location.replace(exitUrl);
}

for (const link of document.querySelectorAll('[data-quick-exit]')) {
  link.addEventListener('click', quickExit);
}

// Three presses of Shift on their own within two seconds leave the page: a shortcut that works from
// anywhere. Any other key resets the count, so typing capital letters never triggers it.
let shiftPresses = 0;
let shiftTimer;
document.addEventListener('keydown', (event) => {
  if (event.key !== 'Shift') {
    shiftPresses = 0;
    return;
  }
  if (event.repeat) return;
  shiftPresses += 1;
  clearTimeout(shiftTimer);
  shiftTimer = setTimeout(() => { shiftPresses = 0; }, 2000);
  if (shiftPresses >= 3) quickExit();
});

/**
 * The evidence step of a form (report or mailbox message): evidence.js is loaded the first time the reporter picks
 * a file in `input`, not with the page; `onReady` gets its controller, which then takes every file picked.
 */
export function watchEvidence(input, form, onReady) {
  let loading = null;
  input?.addEventListener('change', async () => {
    const files = [...input.files];
    if (!files.length) return;
    loading ??= import('/js/evidence.js').then((module) => {
      const controller = module.createEvidence({ input, keyHolder: form, lang: form.dataset.lang });
      return controller.then((ready) => { onReady(ready); return ready; });
    });
    try {
      (await loading).add(files);
    } catch {
      loading = null; // offline for a moment: the files stay picked in the input; picking again retries
    }
  });
}

if (document.getElementById('report-form')) import('/js/report-form.js');
if (document.getElementById('mailbox-form')) import('/js/mailbox-signin.js');
if (document.getElementById('message-form')) import('/js/mailbox.js');
