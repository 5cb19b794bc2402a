// Mailbox sign-in with JavaScript: the receipt never leaves the browser. We derive the lookup token
// from it here and post only the token; the server renders the same page as for the no-JS path.

const form = document.getElementById('mailbox-form');
const input = document.getElementById('receipt');
// Solved while the reporter types the number; without it the sign-in counts against the no-JavaScript budget.
const proofs = import('/js/proof.js').then((module) => {
  module.prepare('mailbox');
  return module;
});

function hidden(name, value) {
  const field = form.elements[name] ?? form.appendChild(Object.assign(document.createElement('input'),
    { type: 'hidden', name }));
  field.value = value;
}

form.addEventListener('submit', async (event) => {
  if (form.dataset.tokenReady === 'yes') return;
  event.preventDefault();
  const { normaliseReceipt, lookupToken } = await import('/js/receipt.js');
  const receipt = normaliseReceipt(input.value);
  if (receipt) {
    form.elements.token.value = await lookupToken(receipt);
    // Kept for this tab only, so the mailbox page can open the messages here; quick exit clears it.
    try { sessionStorage.setItem('haven-receipt', receipt); } catch { /* storage disabled: messages stay sealed */ }
    // A field without a name is not posted.
    input.removeAttribute('name');
    try {
      const proof = await (await proofs).take('mailbox');
      hidden('challenge', proof.challenge);
      hidden('solution', proof.solution);
    } catch { /* no proof: the server counts this sign-in against its no-JavaScript budget */ }
  }
  // An unreadable number is posted as typed, so the server shows the same error as without JavaScript.
  form.dataset.tokenReady = 'yes';
  form.submit();
});

// Coming back with the Back button restores the page from memory; give the field its name back.
window.addEventListener('pageshow', () => {
  input.setAttribute('name', 'receipt');
  form.dataset.tokenReady = 'no';
});
