// Proof of work for the reporter's API (issue 8): Haven hands out a signed challenge, the browser finds a
// counter whose SHA-256 starts with enough zero bits, and the report or sign-in carries both. It costs a
// reporter a fraction of a second, spent while they type; it costs a flood that much per request. No
// address, cookie or captcha service is involved. Each proof is redeemed once; the next is prepared at once.

const MARGIN_MS = 60_000; // a proof this close to expiry is replaced before use
const ready = new Map();

async function fetchChallenge(purpose) {
  const response = await fetch(`/api/challenge?for=${purpose}`, { credentials: 'omit', cache: 'no-store' });
  if (!response.ok) throw new Error(`challenge: ${response.status}`);
  return response.json();
}

/** The solution to `challenge` at `bits` bits, found in a Web Worker. */
export function solve(challenge, bits) {
  return new Promise((resolve, reject) => {
    const worker = new Worker('/js/pow-worker.js');
    worker.onmessage = ({ data }) => { worker.terminate(); resolve(data); };
    worker.onerror = (error) => { worker.terminate(); reject(error); };
    worker.postMessage({ challenge, bits });
  });
}

async function prove(purpose) {
  const issued = await fetchChallenge(purpose);
  const solution = await solve(issued.challenge, issued.difficulty);
  return { challenge: issued.challenge, solution, expires: Date.parse(issued.expires) };
}

/** Starts solving a challenge for `purpose` ('report' or 'mailbox') in the background. */
export function prepare(purpose) {
  const proof = prove(purpose);
  proof.catch(() => {}); // a failed fetch is retried when the proof is taken
  ready.set(purpose, proof);
}

/** A fresh, solved proof for `purpose`, {challenge, solution}; the next one starts solving at once. */
export async function take(purpose) {
  let proof = null;
  try {
    proof = await ready.get(purpose);
  } catch {
    proof = null;
  }
  if (!proof || proof.expires - Date.now() < MARGIN_MS) proof = await prove(purpose);
  prepare(purpose);
  return { challenge: proof.challenge, solution: proof.solution };
}
