package dev.tessera.auth.passkey;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The {@code publicKey} member of {@code navigator.credentials.create()} and {@code .get()}, in the JSON form of
 * WebAuthn Level 3 ({@code PublicKeyCredentialCreationOptionsJSON}, {@code PublicKeyCredentialRequestOptionsJSON}):
 * every binary member is a base64url string without padding, so a page hands it to {@code
 * PublicKeyCredential.parseCreationOptionsFromJSON} / {@code parseRequestOptionsFromJSON} as it is.
 */
public final class PublicKeyOptions {

    private PublicKeyOptions() {}

    /** {@code PublicKeyCredentialCreationOptionsJSON}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Creation(
            RelyingParty rp,
            User user,
            String challenge,
            List<Parameters> pubKeyCredParams,
            long timeout,
            List<Descriptor> excludeCredentials,
            Selection authenticatorSelection,
            String attestation) {

        @Override
        public String toString() {
            return "Creation[<redacted>]";
        }
    }

    /** {@code PublicKeyCredentialRequestOptionsJSON}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Request(
            String challenge, long timeout, String rpId, List<Descriptor> allowCredentials, String userVerification) {

        @Override
        public String toString() {
            return "Request[<redacted>]";
        }
    }

    public record RelyingParty(String id, String name) {}

    /** {@code id} is the account's WebAuthn user handle, never its account id. */
    public record User(String id, String name, String displayName) {}

    public record Parameters(String type, long alg) {}

    public record Descriptor(String type, String id, List<String> transports) {}

    public record Selection(String residentKey, boolean requireResidentKey, String userVerification) {}
}
