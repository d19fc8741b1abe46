package dev.tessera.auth.benchmark;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/**
 * The {@code benchmark} profile: what benchmarks/load needs from auth-service and nothing a deployment may have.
 * Without the profile none of this package exists (no bean, no mapping: {@code /benchmark/**} is a 404 like any
 * unknown path). With {@code prod} as well, auth-service refuses to start: the profile hands out valid access
 * tokens to anyone who can reach the port, which is only acceptable on a benchmark machine.
 */
@Configuration(proxyBeanMethods = false)
@Profile(BenchmarkConfiguration.PROFILE)
class BenchmarkConfiguration {

    static final String PROFILE = "benchmark";

    static final String PRODUCTION_PROFILE = "prod";

    BenchmarkConfiguration(Environment environment) {
        if (environment.acceptsProfiles(Profiles.of(PRODUCTION_PROFILE))) {
            throw new IllegalStateException("Refusing to start: the '" + PROFILE + "' profile issues tokens without"
                    + " a login and must never be active together with '" + PRODUCTION_PROFILE + "'");
        }
    }
}
