/** SNTP client (RFC 4330 / 5905 client mode) over UDP, for the daemon's fallback tier. */
package dev.tsq.ntp;
