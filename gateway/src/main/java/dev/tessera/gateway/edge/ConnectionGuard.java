package dev.tessera.gateway.edge;

import dev.tessera.gateway.GatewayProperties;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.stereotype.Component;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;

/**
 * Bounds what slow or numerous connections can hold at the public port (issue 13, item 1: a request head never
 * finished stayed open for 70 s and more).
 *
 * <ul>
 *   <li>Idle: reactor-netty's idle timeout closes a connection with no request in progress after {@code
 *       idle-timeout}, before the first request and between keep-alive requests.
 *   <li>Head: from the first byte of a request head, the whole head must arrive within {@code
 *       header-read-timeout} or the connection is closed. The idle timeout alone would not do: it is reset by
 *       every byte, so a client sending one byte every few seconds would hold the connection forever.
 *   <li>Body: from the end of the head, the whole body must arrive within {@code body-read-timeout} or the
 *       connection is closed, for the same reason (the idle timeout does not run while a request is in
 *       progress). Netty and reactor-netty offer only idle (per-byte) timeouts, hence these two timers.
 *   <li>Per address: at most {@code max-per-address} open connections from one peer address; a further one is
 *       closed as soon as it is accepted, before anything is read. Trusted proxies are exempt (every client
 *       behind a load balancer arrives from its address); loopback is not.
 * </ul>
 *
 * The management port is another server and is not customised by this.
 */
@Component
final class ConnectionGuard implements NettyServerCustomizer {

    private static final String HEAD_START = "tessera.headStart";

    private static final String HEAD_END = "tessera.headEnd";

    private final ConnectionProperties properties;
    private final TrustedProxies trustedProxies;
    private final Map<InetAddress, AtomicLong> open = new ConcurrentHashMap<>();

    ConnectionGuard(ConnectionProperties properties, GatewayProperties gateway) {
        this.properties = properties;
        this.trustedProxies = new TrustedProxies(gateway.trustedProxies());
    }

    @Override
    public HttpServer apply(HttpServer server) {
        return server.idleTimeout(properties.idleTimeout())
                .doOnChannelInit((observer, channel, remote) -> init(channel, remote));
    }

    private void init(Channel channel, SocketAddress given) {
        // The address handed to the init callback may be absent for accepted channels; the channel knows it.
        SocketAddress remote = (given != null) ? given : channel.remoteAddress();
        if (remote instanceof InetSocketAddress socket && socket.getAddress() != null) {
            InetAddress address = socket.getAddress();
            if (!trustedProxies.isTrusted(address)) {
                AtomicLong count = open.computeIfAbsent(address, a -> new AtomicLong());
                long now = count.incrementAndGet();
                channel.closeFuture().addListener(closed -> {
                    if (count.decrementAndGet() == 0) {
                        open.remove(address, count);
                    }
                });
                if (now > properties.maxPerAddress()) {
                    channel.close();
                    return;
                }
            }
        }
        if (channel.pipeline().get(NettyPipeline.HttpCodec) == null) {
            return;
        }
        HeadTimer timer = new HeadTimer(
                properties.headerReadTimeout().toNanos(),
                properties.bodyReadTimeout().toNanos());
        channel.pipeline().addBefore(NettyPipeline.HttpCodec, HEAD_START, timer.start);
        channel.pipeline().addAfter(NettyPipeline.HttpCodec, HEAD_END, timer.end);
    }

    /** Open connections per address now (for tests and figures). */
    long openFrom(InetAddress address) {
        AtomicLong count = open.get(address);
        return (count != null) ? count.get() : 0;
    }

    /**
     * Arms a close when the first bytes of a request head arrive and replaces it, when the decoder has the whole
     * head, by one for the body, disarmed by the request's last content; it re-arms for the next request only
     * after the previous response was written completely.
     */
    private static final class HeadTimer {

        private final long timeoutNanos;
        private final long bodyTimeoutNanos;
        private ScheduledFuture<?> pending;
        private boolean awaitingHead = true;

        HeadTimer(long timeoutNanos, long bodyTimeoutNanos) {
            this.timeoutNanos = timeoutNanos;
            this.bodyTimeoutNanos = bodyTimeoutNanos;
        }

        /** Before the HTTP decoder: sees raw bytes. */
        final ChannelInboundHandlerAdapter start = new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (awaitingHead && pending == null && msg instanceof ByteBuf bytes && bytes.isReadable()) {
                    pending = ctx.executor().schedule(() -> ctx.channel().close(), timeoutNanos, TimeUnit.NANOSECONDS);
                }
                ctx.fireChannelRead(msg);
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                cancel();
                ctx.fireChannelInactive();
            }
        };

        /** After the HTTP codec: sees decoded requests and the responses being encoded. */
        final ChannelDuplexHandler end = new ChannelDuplexHandler() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof HttpRequest) {
                    awaitingHead = false;
                    cancel();
                    if (!(msg instanceof LastHttpContent)) {
                        pending = ctx.executor()
                                .schedule(() -> ctx.channel().close(), bodyTimeoutNanos, TimeUnit.NANOSECONDS);
                    }
                } else if (msg instanceof LastHttpContent) {
                    cancel();
                }
                ctx.fireChannelRead(msg);
            }

            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                if (msg instanceof LastHttpContent) {
                    awaitingHead = true;
                }
                ctx.write(msg, promise);
            }
        };

        private void cancel() {
            if (pending != null) {
                pending.cancel(false);
                pending = null;
            }
        }
    }
}
