package dev.tessera.boot;

import static org.assertj.core.api.Assertions.assertThat;

/** The problem contract, as every test of it checks it. */
final class ProblemAssertions {

    private ProblemAssertions() {}

    /** A problem with this status and type slug, a title, a request id, no path and no internals. */
    static void assertProblem(TestHttp.Response response, int status, String slug) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().path("status").asInt()).isEqualTo(status);
        assertThat(response.text("type")).isEqualTo("urn:tessera:problem:" + slug);
        assertThat(response.text("title")).isNotBlank();
        assertThat(response.text("detail")).isNotBlank();
        assertThat(response.text("requestId")).matches("[A-Za-z0-9._:-]{1,64}");
        assertThat(response.json().has("instance"))
                .as("instance (the request path) is never echoed")
                .isFalse();
        assertThat(response.body())
                .doesNotContain("Exception")
                .doesNotContain("jackson")
                .doesNotContain("at dev.")
                .doesNotContain("org.springframework")
                .doesNotContainIgnoringCase("tomcat")
                .doesNotContain("netty");
    }
}
