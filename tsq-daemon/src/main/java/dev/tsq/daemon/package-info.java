/** The tsq daemon: config, sources, clock drivers, status socket, metrics, systemd notify. */
package dev.tsq.daemon;
