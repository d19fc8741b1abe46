package dev.tessera.boot;

import dev.tessera.passport.Passport;
import dev.tessera.passport.PassportException;
import dev.tessera.passport.PassportSigner;
import dev.tessera.passport.PassportVerifier;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The reactive twin of {@link PassportFilter}: refuses every exchange without a valid passport with a 401 problem
 * before any handler, stores the verified passport as the exchange attribute {@link Callers#ATTRIBUTE}, and puts the
 * caller's id into the Reactor context ({@code user.id}) for the logging context of the handlers.
 *
 * <p>Only exchanges of its own application context are filtered: Spring Boot builds the management server's
 * handler from the management child context, whose web filters include the parent's, and the management port
 * is never filtered.
 */
final class PassportWebFilter implements WebFilter, Ordered, ApplicationContextAware {

    private static final Logger logger = LoggerFactory.getLogger(PassportWebFilter.class);

    private final PassportVerifier verifier;

    private final ExemptPaths exemptPaths;

    /** Paths that take a machine token instead (tessera.service-token.paths): another filter's. */
    private final java.util.function.Predicate<String> machineTokenPaths;

    private final Consumer<PassportException.Reason> rejections;

    private @Nullable ApplicationContext context;

    PassportWebFilter(
            PassportVerifier verifier,
            ExemptPaths exemptPaths,
            java.util.function.Predicate<String> machineTokenPaths,
            Consumer<PassportException.Reason> rejections) {
        this.verifier = verifier;
        this.exemptPaths = exemptPaths;
        this.machineTokenPaths = machineTokenPaths;
        this.rejections = rejections;
    }

    @Override
    public void setApplicationContext(ApplicationContext context) {
        this.context = context;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (exchange.getApplicationContext() != null && exchange.getApplicationContext() != this.context) {
            return chain.filter(exchange);
        }
        ServerHttpRequest request = exchange.getRequest();
        String token = request.getHeaders().getFirst(PassportSigner.HEADER);
        // The raw path, as received: the gateway binds the passport to the path the upstream receives.
        String path = request.getPath().value();
        if (this.machineTokenPaths.test(path)) {
            return chain.filter(exchange);
        }
        if (token == null && this.exemptPaths.matches(path)) {
            return chain.filter(exchange);
        }
        Passport passport;
        try {
            passport = this.verifier.verify(token, request.getMethod().name(), path);
        } catch (PassportException ex) {
            // The reason is for operators; the client learns only "401". The token is never logged.
            logger.debug("Passport refused: {}", ex.reason());
            this.rejections.accept(ex.reason());
            return Mono.error(new CallerProblems.PassportRefusedException());
        }
        exchange.getAttributes().put(Callers.ATTRIBUTE, passport);
        if (!passport.isAuthenticated()) {
            return chain.filter(exchange);
        }
        return chain.filter(exchange).contextWrite(context -> context.put(Callers.MDC_USER_ID, passport.userId()));
    }

    @Override
    public int getOrder() {
        return PassportAutoConfiguration.FILTER_ORDER;
    }
}
