package dev.tessera.auth.keys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.auth.AuthServiceTest;
import dev.tessera.auth.TestHttp;
import dev.tessera.auth.TestPassports;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The discovery documents (RFC 8414 and OpenID Connect Discovery) say what Tessera supports and nothing else (issue
 * 15), and agree with each other.
 */
@AuthServiceTest
class DiscoveryTests {

    private static final String ISSUER = "http://localhost:8080";

    @LocalServerPort
    int port;

    TestHttp http;

    @BeforeEach
    void setUp() {
        this.http = new TestHttp(this.port);
    }

    @Test
    void authorizationServerMetadataWhenFetchedThenExactlyWhatTesseraSupports() {
        TestHttp.Response response = this.http.get("/.well-known/oauth-authorization-server");

        assertThat(response.status()).isEqualTo(200);
        JsonNode json = response.json();
        assertThat(new ArrayList<>(json.propertyNames()))
                .containsExactly(
                        "issuer",
                        "authorization_endpoint",
                        "jwks_uri",
                        "token_endpoint",
                        "token_endpoint_auth_methods_supported",
                        "grant_types_supported",
                        "response_types_supported",
                        "code_challenge_methods_supported",
                        "authorization_response_iss_parameter_supported",
                        "introspection_endpoint",
                        "introspection_endpoint_auth_methods_supported",
                        "access_token_signing_alg_values_supported",
                        "tessera_register_endpoint",
                        "tessera_login_endpoint",
                        "tessera_refresh_endpoint",
                        "tessera_logout_endpoint");
        assertThat(json.get("issuer").asString()).isEqualTo(ISSUER);
        assertThat(json.get("token_endpoint").asString()).isEqualTo(ISSUER + "/api/auth/oauth2/token");
        assertThat(json.get("introspection_endpoint").asString()).isEqualTo(ISSUER + "/api/auth/oauth2/introspect");
        assertThat(json.get("authorization_endpoint").asString()).isEqualTo(ISSUER + "/api/auth/oauth2/authorize");
        assertThat(strings(json.get("grant_types_supported")))
                .containsExactly("authorization_code", "client_credentials");
        // Authorization code only: no implicit (token, id_token), no hybrid.
        assertThat(strings(json.get("response_types_supported"))).containsExactly("code");
        assertThat(strings(json.get("code_challenge_methods_supported"))).containsExactly("S256");
        // RFC 9207 iss in every authorization response (OpenIdProviderTests' mix-up defence test).
        assertThat(json.get("authorization_response_iss_parameter_supported").isBoolean())
                .isTrue();
        assertThat(json.get("authorization_response_iss_parameter_supported").asBoolean())
                .isTrue();
        assertThat(strings(json.get("token_endpoint_auth_methods_supported")))
                .containsExactly("client_secret_basic", "client_secret_post", "none");
        assertThat(strings(json.get("introspection_endpoint_auth_methods_supported")))
                .containsExactly("client_secret_basic", "client_secret_post");
        assertThat(strings(json.get("access_token_signing_alg_values_supported")))
                .containsExactly("RS256");
    }

    @Test
    void openidConfigurationWhenFetchedThenTheOauthMetadataPlusWhatOpenIdConnectDiscoveryRequires() {
        JsonNode oauth =
                this.http.get("/.well-known/oauth-authorization-server").json();
        TestHttp.Response response = this.http.get("/.well-known/openid-configuration");

        assertThat(response.status()).isEqualTo(200);
        JsonNode json = response.json();
        // Everything of the RFC 8414 document, unchanged: the two never disagree.
        for (String member : oauth.propertyNames()) {
            assertThat(json.get(member)).as(member).isEqualTo(oauth.get(member));
        }
        // OpenID Connect Discovery 1.0 section 3, REQUIRED members.
        for (String required : List.of(
                "issuer",
                "authorization_endpoint",
                "token_endpoint",
                "jwks_uri",
                "response_types_supported",
                "subject_types_supported",
                "id_token_signing_alg_values_supported")) {
            assertThat(json.has(required)).as(required).isTrue();
        }
        assertThat(json.get("userinfo_endpoint").asString()).isEqualTo(ISSUER + "/oauth2/userinfo");
        assertThat(json.get("end_session_endpoint").asString()).isEqualTo(ISSUER + "/api/auth/oauth2/logout");
        assertThat(strings(json.get("subject_types_supported"))).containsExactly("public");
        assertThat(strings(json.get("id_token_signing_alg_values_supported"))).containsExactly("RS256");
        assertThat(strings(json.get("scopes_supported"))).containsExactly("openid", "profile");
        assertThat(strings(json.get("response_modes_supported"))).containsExactly("query");
        assertThat(json.get("authorization_response_iss_parameter_supported").asBoolean())
                .isTrue();
    }

    @Test
    void advertisedEndpointsWhenCalledThenEachIsServedHere() {
        JsonNode json = this.http.get("/.well-known/openid-configuration").json();

        for (String member : json.propertyNames()) {
            if (!member.endsWith("_endpoint") && !member.equals("jwks_uri")) {
                continue;
            }
            String url = json.get(member).asString();
            assertThat(url).as(member).startsWith(ISSUER + "/");
            // The gateway publishes /api/auth/** as /auth/**, /oauth2/userinfo as /auth/oauth2/userinfo and
            // /.well-known/** unchanged (docs/contracts.md).
            String path = url.substring(ISSUER.length())
                    .replaceFirst("^/api/auth/", "/auth/")
                    .replaceFirst("^/oauth2/userinfo$", "/auth/oauth2/userinfo");
            // With the gateway's passport, an unmapped path is 404 here (without one it would be 401 like any other).
            TestHttp.Response response = path.endsWith("jwks.json")
                    ? this.http.get(path)
                    : this.http.post(
                            path,
                            new byte[0],
                            "application/x-www-form-urlencoded",
                            TestPassports.HEADER,
                            TestPassports.anonymous("POST", path));
            assertThat(response.status()).as(member + " " + path).isNotIn(404, 405);
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asString()));
        return values;
    }
}
