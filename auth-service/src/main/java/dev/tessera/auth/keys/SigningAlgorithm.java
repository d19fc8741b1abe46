package dev.tessera.auth.keys;

import com.nimbusds.jose.JWSAlgorithm;

/** The access-token signing algorithms auth-service can be configured with; exactly one is in use. */
public enum SigningAlgorithm {
    /** RSASSA-PKCS1-v1_5 with SHA-256: the default, cheapest to verify at the gateway. */
    RS256(JWSAlgorithm.RS256),
    /** ECDSA on P-256 with SHA-256: smaller keys and tokens, dearer to verify on JDK 17. */
    ES256(JWSAlgorithm.ES256);

    private final JWSAlgorithm jws;

    SigningAlgorithm(JWSAlgorithm jws) {
        this.jws = jws;
    }

    public JWSAlgorithm jws() {
        return this.jws;
    }
}
