/** The TSQ server: an embeddable QUIC listener answering TSQ requests over streams and datagrams. */
module dev.tsq.server {
    requires static transitive org.jspecify;
    requires transitive dev.tsq.core;
    requires org.slf4j;
    requires io.netty.common;
    requires io.netty.buffer;
    requires io.netty.transport;
    requires io.netty.handler;
    requires io.netty.codec.classes.quic;
    requires io.netty.transport.classes.epoll;
    requires org.bouncycastle.pkix;
    requires org.bouncycastle.provider;
    requires org.bouncycastle.util;

    exports dev.tsq.server;
}
