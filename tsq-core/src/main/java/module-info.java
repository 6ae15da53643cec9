/** Sans-IO TSQ: wire codec, NTP time, sample math and filters, exchanges, signing, clock SPI. */
module dev.tsq.core {
    requires org.slf4j;

    exports dev.tsq;
    exports dev.tsq.time;
    exports dev.tsq.wire;
    exports dev.tsq.auth;
    exports dev.tsq.spi;
    exports dev.tsq.sync;
    exports dev.tsq.exchange;
    exports dev.tsq.engine;
    exports dev.tsq.clock;

    uses dev.tsq.spi.ClockAdjusterProvider;
}
