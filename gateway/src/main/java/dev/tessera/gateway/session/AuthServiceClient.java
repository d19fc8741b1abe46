package dev.tessera.gateway.session;

import dev.tessera.gateway.GatewayProperties;
import dev.tessera.gateway.edge.EdgeAttributes;
import dev.tessera.gateway.edge.UpstreamConnections;
import dev.tessera.gateway.passport.PassportSigners;
import dev.tessera.passport.Passport;
import dev.tessera.passport.PassportSigner;
import io.netty.channel.ChannelOption;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * Calls auth-service's token endpoints on behalf of the page. Each call carries what a routed request
 * would: an anonymous passport bound to the call, the request id, and the client address the edge decided
 * (auth-service throttles per client address and trusts {@code X-Forwarded-For} from the gateway). The
 * gateway's connect and response timeouts apply; failures surface as errors that the edge's error handler
 * turns into 503 (unreachable) or 504 (too slow).
 */
final class AuthServiceClient {

    private final WebClient client;
    private final PassportSigners signers;

    /** {@code http} is Boot's builder (metrics, trace propagation); the connection settings are the gateway's own. */
    AuthServiceClient(GatewayProperties properties, PassportSigners signers, WebClient.Builder http) {
        HttpClient connections = HttpClient.create(UpstreamConnections.pool("auth-service-session"))
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)
                        properties.connectTimeout().toMillis())
                .responseTimeout(properties.responseTimeout())
                .followRedirect(false);
        this.client = http.baseUrl(properties.authUri().toString().replaceAll("/+$", ""))
                .clientConnector(new ReactorClientHttpConnector(connections))
                .build();
        this.signers = signers;
    }

    /**
     * POSTs a JSON body to an auth-service path and collects the whole answer, whatever its status.
     *
     * @param exchange the browser's exchange (request id, client address)
     * @param path auth-service's path, e.g. {@code /auth/login}
     * @param json the request body
     * @return the answer
     */
    Mono<AuthAnswer> post(ServerWebExchange exchange, String path, byte[] json) {
        String passport = signers.signInternal(
                Passport.anonymous(null, null, null), "POST", path, EdgeAttributes.clientAddressLiteral(exchange));
        // The browser's User-Agent, so auth-service can name the device in the user's list of sessions (issue 17).
        String userAgent = exchange.getRequest().getHeaders().getFirst(HttpHeaders.USER_AGENT);
        return client.post()
                .uri(path)
                .contentType(MediaType.APPLICATION_JSON)
                .accept(MediaType.APPLICATION_JSON)
                .header(PassportSigner.HEADER, passport)
                .header("X-Request-Id", EdgeAttributes.requestId(exchange))
                .headers(headers -> {
                    if (userAgent != null) {
                        headers.set(HttpHeaders.USER_AGENT, userAgent);
                    }
                })
                .bodyValue(json)
                .exchangeToMono(response -> response.bodyToMono(byte[].class)
                        .defaultIfEmpty(new byte[0])
                        .map(body -> new AuthAnswer(
                                response.statusCode().value(),
                                response.headers().asHttpHeaders().getFirst(HttpHeaders.CONTENT_TYPE),
                                response.headers().asHttpHeaders().getFirst(HttpHeaders.RETRY_AFTER),
                                body)));
    }

    /**
     * What auth-service answered.
     *
     * @param status the HTTP status
     * @param contentType its {@code Content-Type}, may be {@code null}
     * @param retryAfter its {@code Retry-After}, may be {@code null}
     * @param body the body, possibly empty
     */
    record AuthAnswer(int status, String contentType, String retryAfter, byte[] body) {

        boolean ok() {
            return status >= 200 && status < 300;
        }
    }
}
