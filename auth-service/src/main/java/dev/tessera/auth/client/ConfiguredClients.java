package dev.tessera.auth.client;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Machine clients from configuration, so an installation registers its services without an admin call:
 * {@code tessera.auth.clients.<client-id>.secret-sha256} (64 hex characters: the SHA-256 of the secret the client
 * holds), {@code .audiences} (list, required) and {@code .scopes} (list). At start-up, before the web server
 * accepts requests, each is checked (a bad one stops the start with a message naming it) and upserted: inserted,
 * or its hash, audiences and scopes replaced and the client enabled.
 *
 * <p>Environment variables cannot carry a dash in a map key: {@code TESSERA_AUTH_CLIENTS_FORUMSERVICE_SECRETSHA256}
 * binds to the key {@code forumservice}. For an id with a dash, name it with {@code .client-id}, which then wins
 * over the key ({@code TESSERA_AUTH_CLIENTS_FORUMSERVICE_CLIENTID=forum-service}), or pass the properties as
 * command-line arguments ({@code --tessera.auth.clients.forum-service.secret-sha256=...}).
 */
@Component
class ConfiguredClients implements SmartInitializingSingleton {

    static final String PREFIX = "tessera.auth.clients";

    private static final Logger log = LoggerFactory.getLogger(ConfiguredClients.class);

    private final Environment environment;

    private final MachineClients clients;

    ConfiguredClients(Environment environment, MachineClients clients) {
        this.environment = environment;
        this.clients = clients;
    }

    @Override
    public void afterSingletonsInstantiated() {
        List<Checked> checked = check(
                bind(Binder.get(this.environment)), this.clients.userAudience(), this.clients.firstPartyClientId());
        for (Checked client : checked) {
            boolean changed = this.clients.seed(client.registration(), client.secretSha256());
            log.info(
                    "Machine client {} from configuration: {}",
                    client.registration().clientId(),
                    changed ? "stored" : "unchanged");
        }
    }

    /** The configured clients by map key, sorted. */
    static Map<String, Entry> bind(Binder binder) {
        return new TreeMap<>(
                binder.bind(PREFIX, Bindable.mapOf(String.class, Entry.class)).orElse(Map.of()));
    }

    /**
     * Checks every configured client.
     *
     * @throws IllegalStateException naming the first bad property
     */
    static List<Checked> check(Map<String, Entry> configured, String userAudience, String firstPartyClientId) {
        List<Checked> checked = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Map.Entry<String, Entry> entry : configured.entrySet()) {
            String property = PREFIX + "." + entry.getKey();
            Entry client = entry.getValue();
            String clientId = (client.clientId() != null) ? client.clientId() : entry.getKey();
            ClientRegistration.Result result = ClientRegistration.check(
                    clientId, client.audiences(), client.scopes(), userAudience, firstPartyClientId);
            result.problem().ifPresent(violation -> {
                String field = switch (violation.field()) {
                    case "clientId" -> (client.clientId() != null) ? ".client-id" : " (the key)";
                    case "audiences" -> ".audiences";
                    default -> ".scopes";
                };
                throw new IllegalStateException(property + field + " " + violation.reason()
                        + ("clientId".equals(violation.field())
                                ? "; from environment variables, whose keys lose their dashes, set " + property
                                        + ".client-id"
                                : ""));
            });
            byte[] hash = ClientSecrets.parseHex(client.secretSha256())
                    .orElseThrow(() -> new IllegalStateException(property
                            + ".secret-sha256 must be 64 hex characters: the SHA-256 of the secret the client holds"));
            if (!ids.add(clientId)) {
                throw new IllegalStateException(property + " configures client " + clientId + " a second time");
            }
            checked.add(new Checked(result.registration(), hash));
        }
        return checked;
    }

    /**
     * One {@code tessera.auth.clients.<key>} entry.
     *
     * @param clientId the client id when it differs from the key (an id with a dash, from environment variables)
     * @param secretSha256 the SHA-256 of the client's secret, 64 hex characters
     * @param audiences the audiences it may ask tokens for
     * @param scopes the scopes it may be granted
     */
    record Entry(String clientId, String secretSha256, List<String> audiences, List<String> scopes) {

        @Override
        public String toString() {
            return "Entry[" + this.clientId + ", audiences=" + this.audiences + ", scopes=" + this.scopes + "]";
        }
    }

    record Checked(ClientRegistration registration, byte[] secretSha256) {}
}
