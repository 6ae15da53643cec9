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
    requires io.netty.transport.unix.common;
    // optional: only self-signed certificates and PKCS#1/SEC1 keys need BouncyCastle (see KeyMaterial)
    requires static org.bouncycastle.pkix;
    requires static org.bouncycastle.provider;
    requires static org.bouncycastle.util;

    exports dev.tsq.server;
}
