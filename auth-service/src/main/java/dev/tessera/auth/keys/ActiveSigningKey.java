package dev.tessera.auth.keys;

import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.jwk.JWK;

/**
 * The key that signs access tokens now.
 *
 * @param jwk the private key as a JWK (with {@code kid}, {@code use} and {@code alg}), for signers that take one
 *     (Spring Authorization Server's ID tokens); never published
 */
public record ActiveSigningKey(String kid, SigningAlgorithm algorithm, JWSSigner signer, JWK jwk) {

    @Override
    public String toString() {
        return "ActiveSigningKey[" + this.kid + ", " + this.algorithm + "]";
    }
}
