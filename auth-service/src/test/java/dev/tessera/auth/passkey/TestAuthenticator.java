package dev.tessera.auth.passkey;

import com.webauthn4j.converter.AttestationObjectConverter;
import com.webauthn4j.converter.AuthenticatorDataConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.data.attestation.AttestationObject;
import com.webauthn4j.data.attestation.authenticator.AAGUID;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.data.attestation.authenticator.EC2COSEKey;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.attestation.statement.NoneAttestationStatement;
import dev.tessera.auth.TestHttp;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * An emulated platform authenticator and its browser, for one credential: answers creation and request options as
 * {@code navigator.credentials.create()/get()} followed by {@code PublicKeyCredential.toJSON()} would. The
 * structures (authenticator data, attestation object, COSE key) are webauthn4j's own model and converters; the
 * signature is a real ES256 signature over {@code authenticatorData || SHA-256(clientDataJSON)}.
 *
 * <p>Its fields are the knobs the security cases turn: the origin the "browser" reports, the RP ID the
 * authenticator hashes, whether it verifies the user, and whether its counter moves.
 */
public final class TestAuthenticator {

    public static final String ORIGIN = "http://localhost:8080";

    static final UUID AAGUID_VALUE = UUID.fromString("2fc0579f-8113-47ea-b116-bb5a8db9202a");

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private static final ObjectConverter CONVERTER = new ObjectConverter();

    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyPair keys;

    private final byte[] credentialId = new byte[32];

    /** The origin written into clientDataJSON. */
    public String origin = ORIGIN;

    /** The RP ID whose SHA-256 goes into the authenticator data; null: the one the options name. */
    public String rpId;

    /** Whether the UV flag is set. */
    public boolean verifiesUser = true;

    /** Whether the credential may be synced (the BE flag; BS follows it). */
    public boolean backupEligible;

    /** The counter the next response carries; each assertion adds {@code counterStep}. */
    public long signCount;

    public long counterStep = 1;

    /** The user handle of the registration, answered by assertions. */
    private byte[] userHandle;

    public TestAuthenticator() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            this.keys = generator.generateKeyPair();
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
        RANDOM.nextBytes(this.credentialId);
    }

    public String credentialId() {
        return B64.encodeToString(this.credentialId);
    }

    /** {@code navigator.credentials.create({publicKey})}, as JSON. */
    public String register(JsonNode publicKey) {
        this.userHandle = B64D.decode(publicKey.get("user").get("id").asString());
        String rp =
                (this.rpId != null) ? this.rpId : publicKey.get("rp").get("id").asString();
        byte[] clientData =
                clientData("webauthn.create", publicKey.get("challenge").asString());
        AttestedCredentialData attested = new AttestedCredentialData(
                new AAGUID(AAGUID_VALUE),
                this.credentialId,
                EC2COSEKey.create((ECPublicKey) this.keys.getPublic(), COSEAlgorithmIdentifier.ES256));
        AuthenticatorData<?> data = new AuthenticatorData<>(
                sha256(rp.getBytes(StandardCharsets.UTF_8)), flags(true), this.signCount, attested);
        @SuppressWarnings("unchecked")
        byte[] attestation = new AttestationObjectConverter(CONVERTER)
                .convertToBytes(new AttestationObject((AuthenticatorData) data, new NoneAttestationStatement()));
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("clientDataJSON", B64.encodeToString(clientData));
        response.put("attestationObject", B64.encodeToString(attestation));
        response.put("transports", List.of("internal", "hybrid"));
        return credential(response);
    }

    /** {@code navigator.credentials.get({publicKey})}, as JSON. */
    public String assertion(JsonNode publicKey) {
        String rp = (this.rpId != null) ? this.rpId : publicKey.get("rpId").asString();
        this.signCount += this.counterStep;
        byte[] clientData =
                clientData("webauthn.get", publicKey.get("challenge").asString());
        byte[] authenticatorData = new AuthenticatorDataConverter(CONVERTER)
                .convert(new AuthenticatorData<>(
                        sha256(rp.getBytes(StandardCharsets.UTF_8)), flags(false), this.signCount));
        byte[] signature;
        try {
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(this.keys.getPrivate());
            signer.update(authenticatorData);
            signer.update(sha256(clientData));
            signature = signer.sign();
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("clientDataJSON", B64.encodeToString(clientData));
        response.put("authenticatorData", B64.encodeToString(authenticatorData));
        response.put("signature", B64.encodeToString(signature));
        response.put("userHandle", B64.encodeToString(this.userHandle));
        return credential(response);
    }

    private String credential(Map<String, Object> response) {
        Map<String, Object> credential = new LinkedHashMap<>();
        credential.put("id", credentialId());
        credential.put("rawId", credentialId());
        credential.put("type", "public-key");
        credential.put("authenticatorAttachment", "platform");
        credential.put("response", response);
        credential.put("clientExtensionResults", Map.of());
        return TestHttp.json(credential);
    }

    private byte[] clientData(String type, String challenge) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("type", type);
        data.put("challenge", challenge);
        data.put("origin", this.origin);
        data.put("crossOrigin", false);
        return TestHttp.json(data).getBytes(StandardCharsets.UTF_8);
    }

    private byte flags(boolean attested) {
        int flags = AuthenticatorData.BIT_UP;
        if (this.verifiesUser) {
            flags |= AuthenticatorData.BIT_UV;
        }
        if (this.backupEligible) {
            flags |= AuthenticatorData.BIT_BE | AuthenticatorData.BIT_BS;
        }
        if (attested) {
            flags |= AuthenticatorData.BIT_AT;
        }
        return (byte) flags;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
