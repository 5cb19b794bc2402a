/**
 * Haven's cryptography, shared by every audience: the versioned envelope ({@link org.haven.crypto.Envelope},
 * {@link org.haven.crypto.Envelopes}), HPKE over Bouncy Castle ({@link org.haven.crypto.Hpke}), size-bucket
 * padding ({@link org.haven.crypto.Padding}), the reporter's receipt-number derivations
 * ({@link org.haven.crypto.ReceiptKeys}), keyed hashing ({@link org.haven.crypto.KeyedHash}), and the Ed25519
 * HTTP message signatures and content digests of police referrals ({@link org.haven.crypto.MessageSignatures},
 * {@link org.haven.crypto.ContentDigest}, {@link org.haven.crypto.SigningKeyPair}).
 *
 * <p>The browser's counterparts live in {@code META-INF/resources/js/} ({@code hpke.js}, {@code envelope.js},
 * {@code receipt.js}); both sides follow the one specification in {@code docs/envelope.md}, and tests check
 * them against RFC 9180 and against each other. Nothing here touches the database or HTTP.
 */
package org.haven.crypto;
