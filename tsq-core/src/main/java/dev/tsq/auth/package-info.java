/**
 * Signed responses (draft section 8): {@link dev.tsq.auth.Signer} appends a Signature Block (Ed25519 or
 * HMAC-SHA256) to a response, {@link dev.tsq.auth.Verifier} checks one against trusted keys looked up by key id
 * (several keys at once: rotation), and {@link dev.tsq.auth.Keys} loads and makes the keys. JDK cryptography only.
 */
@NullMarked
package dev.tsq.auth;

import org.jspecify.annotations.NullMarked;
