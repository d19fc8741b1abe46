package dev.tessera.gateway.verify;

import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import dev.tessera.gateway.caller.AccessToken;
import dev.tessera.gateway.revocation.RevocationList;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelOption;
import java.net.URI;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.core.convert.converter.Converter;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.MappedJwtClaimSetConverter;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * Verifies access tokens with Spring Security's resource-server machinery ({@link NimbusReactiveJwtDecoder} with
 * the JWKS URI), configured the way a Spring user would for Tessera's tokens: the one configured algorithm
 * ({@code RS256} or {@code ES256}); {@code typ} {@code at+jwt} ({@link JwtTypeValidator}); {@code iss} exactly the
 * public issuer; {@code aud} containing the audience; {@code exp} required and {@code exp}/{@code nbf} within the
 * clock skew ({@link JwtTimestampValidator}); {@code sub} and {@code iat} required. It exists so the benchmark can
 * compare Tessera's verifier with the peer a Spring user would pick ({@code tessera.gateway.jwt.verifier=
 * spring-security}); {@link AccessTokenVerifier} stays the default and the recommendation.
 *
 * <p><b>No verified-token cache</b>: every request parses, selects the key, checks the signature and runs the
 * validators, as Spring Security's resource server does; that cost is what the comparison measures. Keys come from
 * the decoder's own JWKS source (fetched at first use, re-fetched on every unknown {@code kid}, never on a timer),
 * not from {@link JwksCache}.
 *
 * <p>Tessera's own rules still apply after the decoder accepts a token, so both modes admit the same callers: the
 * mapping to {@link AccessToken} ({@code roles} an array of strings), {@code exp - iat} at most {@code
 * max-lifetime}, and the {@link RevocationList}. Failures become {@link TokenRejectedException} (401 {@code
 * invalid_token}) with fixed reasons for the {@code tessera.gateway.tokens} counter; a key set that cannot be
 * fetched before any was ever obtained becomes {@link KeysUnavailableException} (503).
 */
final class SpringSecurityTokenVerifier implements TokenVerifier {

    private static final String TYPE = "at+jwt";

    private final ReactiveJwtDecoder decoder;
    private final Duration maxLifetime;
    private final RevocationList revocations;
    private final TokenOutcomes outcomes = new TokenOutcomes();

    /** Set once the decoder has had a key set to judge a token with; until then a fetch failure means 503. */
    private final AtomicBoolean keysObtained = new AtomicBoolean();

    SpringSecurityTokenVerifier(
            URI jwksUri, JwtProperties properties, String issuer, RevocationList revocations, WebClient.Builder http) {
        this(decoder(jwksUri, properties, issuer, http), properties.maxLifetime(), revocations);
    }

    SpringSecurityTokenVerifier(ReactiveJwtDecoder decoder, Duration maxLifetime, RevocationList revocations) {
        this.decoder = decoder;
        this.maxLifetime = maxLifetime;
        this.revocations = revocations;
    }

    /**
     * What a Spring user writes: the builder, one algorithm, a WebClient with timeouts (on Boot's injected builder,
     * so JWKS fetches get metrics and trace propagation), and the validators.
     */
    static NimbusReactiveJwtDecoder decoder(
            URI jwksUri, JwtProperties properties, String issuer, WebClient.Builder http) {
        HttpClient connections = HttpClient.create()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)
                        properties.jwksConnectTimeout().toMillis())
                .responseTimeout(properties.jwksReadTimeout());
        NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withJwkSetUri(jwksUri.toString())
                .jwsAlgorithm(SignatureAlgorithm.from(properties.algorithm().name()))
                .webClient(http.clientConnector(new ReactorClientHttpConnector(connections))
                        .build())
                .build();
        decoder.setJwtValidator(validator(properties, issuer));
        decoder.setClaimSetConverter(claimSetConverter());
        return decoder;
    }

    /**
     * The validators, each failing with a fixed reason (the {@code tessera.gateway.tokens} tag). The first failure's
     * description becomes the rejection reason, so the order follows {@link AccessTokenVerifier}'s.
     */
    private static OAuth2TokenValidator<Jwt> validator(JwtProperties properties, String issuer) {
        JwtTimestampValidator timestamps = new JwtTimestampValidator(properties.clockSkew());
        timestamps.setAllowEmptyExpiryClaim(false);
        return new DelegatingOAuth2TokenValidator<>(List.of(
                reason("typ not at+jwt", new JwtTypeValidator(TYPE, "application/" + TYPE)),
                reason("wrong issuer", new JwtIssuerValidator(issuer)),
                reason("wrong audience", new JwtAudienceValidator(properties.audience())),
                reason(
                        "no subject",
                        new JwtClaimValidator<Object>(
                                JwtClaimNames.SUB, sub -> sub instanceof String value && !value.isBlank())),
                reason(
                        "machine token",
                        jwt -> AccessTokenVerifier.isMachineToken(
                                        jwt.getClaims().get(AccessTokenVerifier.CLIENT_ID), jwt.getSubject())
                                ? OAuth2TokenValidatorResult.failure(
                                        new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, "machine token", null))
                                : OAuth2TokenValidatorResult.success()),
                reason(
                        "exp and iat are required",
                        new JwtClaimValidator<Object>(JwtClaimNames.IAT, iat -> iat instanceof Instant)),
                reason("expired or not yet valid", timestamps)));
    }

    private static OAuth2TokenValidator<Jwt> reason(String reason, OAuth2TokenValidator<Jwt> validator) {
        OAuth2TokenValidatorResult failure =
                OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, reason, null));
        return jwt -> validator.validate(jwt).hasErrors() ? failure : OAuth2TokenValidatorResult.success();
    }

    /**
     * Spring's default claim conversion, except that a missing {@code iat} stays missing: the default fills it in as
     * {@code exp - 1 s}, which would make "iat required" (and revocation by {@code iat}) meaningless.
     */
    private static Converter<Map<String, Object>, Map<String, Object>> claimSetConverter() {
        MappedJwtClaimSetConverter defaults = MappedJwtClaimSetConverter.withDefaults(Map.of());
        return claims -> {
            Map<String, Object> converted = defaults.convert(claims);
            if (claims.get(JwtClaimNames.IAT) == null && converted.containsKey(JwtClaimNames.IAT)) {
                converted = new HashMap<>(converted);
                converted.remove(JwtClaimNames.IAT);
            }
            return converted;
        };
    }

    @Override
    public Mono<AccessToken> verify(String token) {
        return outcomes.counted(Mono.defer(() -> decoder.decode(token))
                .onErrorMap(this::translate)
                .flatMap(this::accept));
    }

    /** Counts verifications and rejections by reason from now on. */
    void bindTo(MeterRegistry registry) {
        outcomes.bindTo(registry);
    }

    private Mono<AccessToken> accept(Jwt jwt) {
        keysObtained.set(true);
        try {
            return Mono.just(check(jwt));
        } catch (TokenRejectedException ex) {
            return Mono.error(ex);
        }
    }

    private AccessToken check(Jwt jwt) throws TokenRejectedException {
        Instant issued = jwt.getIssuedAt();
        Instant expires = jwt.getExpiresAt();
        if (Duration.between(issued, expires).compareTo(maxLifetime) > 0) {
            throw new TokenRejectedException("lifetime too long");
        }
        AccessToken token;
        try {
            token = new AccessToken(
                    jwt.getSubject(),
                    jwt.getClaimAsString("preferred_username"),
                    roles(jwt.getClaim("roles")),
                    jwt.getClaimAsString("sid"),
                    jwt.getId(),
                    issued,
                    jwt.getNotBefore(),
                    expires,
                    (String) jwt.getHeaders().get("kid"));
        } catch (RuntimeException ex) {
            throw new TokenRejectedException("claim of the wrong type");
        }
        if (revocations.isRevoked(token.subject(), token.sessionId(), token.issuedAt())) {
            throw new TokenRejectedException("revoked");
        }
        return token;
    }

    private static Set<String> roles(Object claim) throws TokenRejectedException {
        if (claim == null) {
            return Set.of();
        }
        if (!(claim instanceof List<?> list) || !list.stream().allMatch(String.class::isInstance)) {
            throw new TokenRejectedException("claim of the wrong type");
        }
        @SuppressWarnings("unchecked")
        List<String> roles = (List<String>) list;
        return Set.copyOf(roles);
    }

    /**
     * Spring Security's errors as Tessera's: the decoder's {@link IllegalStateException} "Could not obtain the keys"
     * is 503 until a key set was ever obtained (as {@link JwksCache}'s "never loaded"), afterwards a refused token
     * (the re-fetch for an unknown {@code kid} failed); everything else is a refused token with a fixed reason.
     */
    private Throwable translate(Throwable ex) {
        if (ex instanceof IllegalStateException) {
            return keysObtained.get() ? new TokenRejectedException("unknown kid") : new KeysUnavailableException();
        }
        if (ex instanceof JwtValidationException invalid) {
            keysObtained.set(true);
            return new TokenRejectedException(invalid.getErrors().stream()
                    .map(OAuth2Error::getDescription)
                    .findFirst()
                    .orElse("invalid claims"));
        }
        if (ex instanceof BadJwtException bad) {
            Throwable cause = bad.getCause();
            if (cause instanceof BadJWSException) {
                keysObtained.set(true);
                return new TokenRejectedException("bad signature");
            }
            if (cause instanceof BadJOSEException) {
                keysObtained.set(true);
                return new TokenRejectedException("no matching key");
            }
            if (cause instanceof ParseException) {
                return new TokenRejectedException("unparseable");
            }
            String message = String.valueOf(bad.getMessage());
            if (message.startsWith("Unsupported algorithm")) {
                return new TokenRejectedException("algorithm not allowed");
            }
            return new TokenRejectedException("rejected by decoder");
        }
        return new TokenRejectedException("rejected by decoder");
    }
}
