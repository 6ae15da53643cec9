/**
 * The TSQ wire format (draft-mccollum-ntp-tsq-01 sections 5-7): immutable message values
 * ({@link dev.tsq.wire.TimeRequest}, {@link dev.tsq.wire.TimeResponse}, {@link dev.tsq.wire.ErrorResponse}) and
 * their TLVs, and {@link dev.tsq.wire.MessageCodec}, the one class that turns messages into bytes and back.
 * Decoding checks every rule of the draft and fails with a {@link dev.tsq.wire.WireFormatException} that names
 * the broken rule; encoding writes into a caller's array without allocating.
 *
 * <p>Optional TLVs are {@code null} when absent ({@link org.jspecify.annotations.Nullable} marks each).
 */
@NullMarked
package dev.tsq.wire;

import org.jspecify.annotations.NullMarked;
