/**
 * What every TSQ module shares: {@link dev.tsq.TsqException}, the root of every exception the libraries throw,
 * and {@link dev.tsq.Alpn}, the ALPN identifiers a TSQ connection negotiates.
 */
@NullMarked
package dev.tsq;

import org.jspecify.annotations.NullMarked;
