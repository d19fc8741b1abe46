package dev.tessera.boot;

import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Scope;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * Strict JSON input for Spring MVC and WebFlux alike ({@link StrictJsonProperties}). Both copies the services had
 * are merged, taking the stricter setting where they differed: auth-service's nesting, name, number and length
 * limits and its refusal of duplicate keys in trees and of arrays or objects for strings, which forum-service lacked.
 *
 * <p>Jackson's read limits live on the {@code JsonFactory}, which a {@link JsonMapperBuilderCustomizer} cannot
 * change: so this provides Spring Boot's {@code JsonMapper.Builder} bean itself (same contract: a prototype with all
 * customizers applied), and backs off when the application defines one.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnClass(JsonMapper.class)
@ConditionalOnBooleanProperty(name = "tessera.json.enabled", matchIfMissing = true)
@EnableConfigurationProperties({StrictJsonProperties.class, RequestBodyProperties.class})
public final class StrictJsonAutoConfiguration {

    StrictJsonAutoConfiguration() {}

    @Bean
    @Scope("prototype")
    @ConditionalOnMissingBean
    JsonMapper.Builder jsonMapperBuilder(
            List<JsonMapperBuilderCustomizer> customizers, StrictJsonProperties json, RequestBodyProperties body) {
        int maxLength = (int) Math.min(Integer.MAX_VALUE, body.maxSize().toBytes());
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(json.maxNestingDepth())
                        .maxNameLength(json.maxNameLength())
                        .maxNumberLength(json.maxNumberLength())
                        .maxStringLength(maxLength)
                        .maxDocumentLength(maxLength)
                        .build())
                .build();
        JsonMapper.Builder builder = JsonMapper.builder(factory);
        customizers.forEach(customizer -> customizer.customize(builder));
        return builder;
    }

    /** Last of the customizers, so no property or module turns the strictness off again. */
    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    JsonMapperBuilderCustomizer tesseraStrictJsonCustomizer() {
        return builder -> builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(
                        DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
                        DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
                        DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
                        DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .withCoercionConfig(
                        LogicalType.Textual,
                        config -> config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Array, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Object, CoercionAction.Fail));
    }
}
