package dev.tessera.auth.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * A machine client as administrators see it. {@code clientSecret} is present only in the answer that created the
 * secret (registration, rotation): it is shown once and never stored; the hash is never shown.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MachineClientView(
        String clientId,
        String clientSecret,
        List<String> audiences,
        List<String> scopes,
        boolean enabled,
        Instant createdAt,
        Instant secretRotatedAt) {

    @Override
    public String toString() {
        return "MachineClientView[" + this.clientId + ", secret="
                + ((this.clientSecret != null) ? "<redacted>" : "none") + ", audiences=" + this.audiences + ", scopes="
                + this.scopes + ", enabled=" + this.enabled + "]";
    }

    MachineClientView withSecret(String secret) {
        return new MachineClientView(
                this.clientId, secret, this.audiences, this.scopes, this.enabled, this.createdAt, this.secretRotatedAt);
    }
}
