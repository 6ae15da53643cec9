package dev.tsq.client;

import dev.tsq.server.internal.KeyMaterial;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.quic.DefaultQuicStreamFrame;
import io.netty.handler.codec.quic.QuicServerCodecBuilder;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * A misbehaving TSQ server for client tests: a bare Netty QUIC server whose answers come from functions of
 * the request bytes (null: say nothing). Stream answers may be sent without FIN, like the reference server.
 */
final class RawQuicServer implements AutoCloseable {
    final KeyMaterial keys = KeyMaterial.selfSigned(List.of());
    private final EventLoopGroup group;
    private final Channel channel;

    /**
     * @param onStream   request bytes to response bytes (null: never answer)
     * @param finStreams whether to end the stream after the answer
     * @param onDatagram request bytes to response bytes (null: drop); a null function turns datagrams off
     */
    RawQuicServer(UnaryOperator<byte[]> onStream, boolean finStreams, UnaryOperator<byte[]> onDatagram)
            throws InterruptedException {
        this(onStream, finStreams, onDatagram, 0);
    }

    /** As above; stream answers longer than {@code splitAt} (when > 0) go out in two writes 30 ms apart. */
    RawQuicServer(UnaryOperator<byte[]> onStream, boolean finStreams, UnaryOperator<byte[]> onDatagram, int splitAt)
            throws InterruptedException {
        group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("raw-server", true),
                NioIoHandler.newFactory());
        QuicSslContext ssl = QuicSslContextBuilder.forServer(keys.key(), null,
                keys.chain().toArray(new X509Certificate[0])).applicationProtocols("tsq", "tsq/1").build();
        QuicServerCodecBuilder b = new QuicServerCodecBuilder()
                .sslContext(ssl)
                .maxIdleTimeout(10, TimeUnit.SECONDS)
                .initialMaxData(1 << 20)
                .initialMaxStreamDataBidirectionalRemote(1 << 16)
                .initialMaxStreamsBidirectional(1000)
                .handler(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        if (!(msg instanceof ByteBuf)) {
                            ctx.fireChannelRead(msg);
                            return;
                        }
                        ByteBuf in = (ByteBuf) msg;
                        byte[] request = ByteBufUtil.getBytes(in);
                        in.release();
                        byte[] answer = onDatagram.apply(request);
                        if (answer != null) {
                            ctx.writeAndFlush(Unpooled.wrappedBuffer(answer));
                        }
                    }

                    @Override
                    public boolean isSharable() {
                        return true;
                    }
                })
                .streamHandler(new ChannelInitializer<QuicStreamChannel>() {
                    @Override
                    protected void initChannel(QuicStreamChannel ch) {
                        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                ByteBuf in = (ByteBuf) msg;
                                byte[] request = ByteBufUtil.getBytes(in);
                                in.release();
                                byte[] answer = onStream.apply(request);
                                if (answer == null) {
                                    return;
                                }
                                if (splitAt > 0 && answer.length > splitAt) {
                                    ctx.writeAndFlush(Unpooled.wrappedBuffer(answer, 0, splitAt));
                                    ctx.executor().schedule(() -> ctx.writeAndFlush(new DefaultQuicStreamFrame(
                                            Unpooled.wrappedBuffer(answer, splitAt, answer.length - splitAt),
                                            finStreams)), 30, TimeUnit.MILLISECONDS);
                                } else {
                                    ctx.writeAndFlush(new DefaultQuicStreamFrame(Unpooled.wrappedBuffer(answer),
                                            finStreams));
                                }
                            }
                        });
                    }
                });
        if (onDatagram != null) {
            b.datagram(64, 64);
        }
        ChannelHandler codec = b.build();
        channel = new Bootstrap().group(group).channel(NioDatagramChannel.class).handler(codec)
                .bind(InetAddress.getLoopbackAddress(), 0).sync().channel();
    }

    int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    String address() {
        return "127.0.0.1:" + port();
    }

    X509Certificate certificate() {
        return keys.chain().get(0);
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
