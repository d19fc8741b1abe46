package dev.tessera.auth.account;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The first administrator ({@code tessera.auth.admin}), created at start-up when no account holds
 * the ADMIN role.
 *
 * @param username the administrator's username (default {@code admin})
 * @param password the administrator's initial password (env {@code TESSERA_ADMIN_PASSWORD}); no
 *     default: required when an administrator must be created outside the {@code dev} profile
 */
@Validated
@ConfigurationProperties("tessera.auth.admin")
record AdminProperties(@NotBlank @DefaultValue("admin") String username, String password) {

    @Override
    public String toString() {
        return "AdminProperties[username=" + this.username + ", password="
                + ((this.password == null || this.password.isEmpty()) ? "<unset>" : "<set>") + "]";
    }
}
