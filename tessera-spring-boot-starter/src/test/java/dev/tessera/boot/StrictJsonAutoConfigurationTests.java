package dev.tessera.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

class StrictJsonAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(
                    AutoConfigurations.of(StrictJsonAutoConfiguration.class, JacksonAutoConfiguration.class));

    record Name(String name) {}

    @Test
    void mapperWhenStrictThenWellFormedInputIsRead() {
        this.runner.run(
                context -> assertThat(context.getBean(JsonMapper.class).readValue("{\"name\":\"ada\"}", Name.class))
                        .isEqualTo(new Name("ada")));
    }

    @Test
    void mapperWhenDuplicateKeyUnknownFieldNumberForTextOrTrailingTokensThenRefused() {
        this.runner.run(context -> {
            JsonMapper json = context.getBean(JsonMapper.class);
            for (String input : new String[] {
                "{\"name\":\"a\",\"name\":\"b\"}",
                "{\"name\":\"a\",\"role\":\"ADMIN\"}",
                "{\"name\":7}",
                "{\"name\":\"a\"} {}"
            }) {
                assertThatThrownBy(() -> json.readValue(input, Name.class))
                        .as(input)
                        .isInstanceOf(JacksonException.class);
            }
            assertThatThrownBy(() -> json.readValue("{\"a\":1,\"a\":2}", Map.class))
                    .isInstanceOf(JacksonException.class);
        });
    }

    @Test
    void mapperWhenNestedBeyondTheLimitThenRefusedAndWithinItRead() {
        this.runner.withPropertyValues("tessera.json.max-nesting-depth=4").run(context -> {
            JsonMapper json = context.getBean(JsonMapper.class);
            assertThat(json.readTree("[[[[]]]]")).hasToString("[[[[]]]]");
            assertThatThrownBy(() -> json.readTree("[[[[[]]]]]")).isInstanceOf(JacksonException.class);
        });
    }

    @Test
    void mapperWhenDocumentLongerThanTheBodyLimitThenRefused() {
        this.runner.withPropertyValues("tessera.http.request-body.max-size=1KB").run(context -> {
            JsonMapper json = context.getBean(JsonMapper.class);
            assertThatThrownBy(() -> json.readTree("\"" + "x".repeat(2000) + "\""))
                    .isInstanceOf(JacksonException.class);
        });
    }

    @Test
    void applicationWhenItDefinesItsOwnBuilderThenKitBacksOff() {
        this.runner
                .withUserConfiguration(OwnBuilder.class)
                .run(context -> assertThat(context.getBean(JsonMapper.class).readTree("[".repeat(40) + "]".repeat(40)))
                        .hasToString("[".repeat(40) + "]".repeat(40)));
    }

    @Test
    void propertyWhenDisabledThenJacksonDefaults() {
        this.runner.withPropertyValues("tessera.json.enabled=false").run(context -> {
            assertThat(context).doesNotHaveBean(StrictJsonProperties.class);
            assertThat(context.getBean(JsonMapper.class).readTree("[".repeat(40) + "]".repeat(40)))
                    .hasToString("[".repeat(40) + "]".repeat(40));
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnBuilder {

        @Bean
        @Scope("prototype")
        JsonMapper.Builder jsonMapperBuilder() {
            return JsonMapper.builder();
        }
    }
}
