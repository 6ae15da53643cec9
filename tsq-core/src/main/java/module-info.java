/** Sans-IO TSQ: wire codec, NTP time, sample math and filters, exchanges, signing, clock SPI. */
module dev.tsq.core {
    requires static transitive org.jspecify;

    exports dev.tsq;
    exports dev.tsq.time;
    exports dev.tsq.wire;
    exports dev.tsq.auth;
    exports dev.tsq.spi;
    exports dev.tsq.sync;
    exports dev.tsq.exchange;
    exports dev.tsq.engine;
    exports dev.tsq.session;
    // shared by TSQ's own modules only (the native-library check of TsqClient.build() and TsqServer.start(),
    // T3's send-path lead, kernel receive timestamps)
    exports dev.tsq.internal to dev.tsq.client, dev.tsq.server, dev.tsq.clock.linux;
    exports dev.tsq.clock;

    uses dev.tsq.spi.ClockAdjusterProvider;
    uses dev.tsq.internal.ReceiveTimestamps;
}
