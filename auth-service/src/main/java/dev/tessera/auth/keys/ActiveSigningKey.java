package dev.tessera.auth.keys;

import com.nimbusds.jose.JWSSigner;

/** The key that signs access tokens now. */
public record ActiveSigningKey(String kid, SigningAlgorithm algorithm, JWSSigner signer) {

    @Override
    public String toString() {
        return "ActiveSigningKey[" + this.kid + ", " + this.algorithm + "]";
    }
}
