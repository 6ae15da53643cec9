/** The TSQ client: queries TSQ servers over QUIC datagrams and streams. */
module dev.tsq.client {
    requires static transitive org.jspecify;
    requires transitive dev.tsq.core;
    requires org.slf4j;
    requires io.netty.common;
    requires io.netty.buffer;
    requires io.netty.transport;
    requires io.netty.handler;
    requires io.netty.codec.classes.quic;
    requires io.netty.transport.classes.epoll;
    requires io.netty.transport.unix.common;

    exports dev.tsq.client;
}
