package dev.tessera.gateway;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_USE_FIELD_INJECTION;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.lang.conditions.ArchConditions;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RestController;

/**
 * Keeps the gateway's package-by-feature layout honest: features without cycles and in one direction (the edge and
 * the verified caller at the bottom, the passport knowing nothing of sessions), a root that holds only the application
 * and the properties every feature shares, typed configuration, and no way for a raw token to reach a log line. Every
 * rule refuses to pass on an empty selection, so a renamed package cannot turn one into a silent no-op.
 */
class ArchitectureTests {

    private static final String ROOT = "dev.tessera.gateway";

    private static final JavaClasses gateway = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);

    @Test
    void packagesWhenComparedThenNoCyclesBetweenFeatures() {
        slices().matching(ROOT + ".(*)..")
                .should()
                .beFreeOfCycles()
                .allowEmptyShould(false)
                .check(gateway);
    }

    @Test
    void rootWhenCompiledThenHoldsOnlyTheApplicationAndTheSharedProperties() {
        classes()
                .that()
                .resideInAPackage(ROOT)
                .should(ArchConditions.be(belongToAnyOf(GatewayApplication.class, GatewayProperties.class)))
                .because("everything else belongs to a feature (STYLE.md, package by feature)")
                .allowEmptyShould(false)
                .check(gateway);
    }

    @Test
    void rootWhenCompiledThenKnowsNoFeature() {
        noClasses()
                .that()
                .resideInAPackage(ROOT)
                .should()
                .dependOnClassesThat(featuresOtherThan())
                .allowEmptyShould(false)
                .check(gateway);
    }

    @Test
    void featuresWhenCompiledThenIndependentOfTheApplicationClass() {
        noClasses()
                .that(featuresOtherThan())
                .should()
                .dependOnClassesThat(belongToAnyOf(GatewayApplication.class))
                .because(
                        "a feature is configured by its own configuration class and properties, never by the entry point")
                .allowEmptyShould(false)
                .check(gateway);
    }

    @Test
    void mainCodeWhenCompiledThenUsesNoTestCode() {
        noClasses()
                .should()
                .dependOnClassesThat(resideInAnyPackage(
                        "org.junit..",
                        "org.assertj..",
                        "org.mockito..",
                        "org.springframework.test..",
                        "org.springframework.boot.test..",
                        "com.tngtech.archunit..",
                        "dev.tessera.testsupport.."))
                .allowEmptyShould(false)
                .check(gateway);
    }

    /**
     * The gateway's jar carries one JWT verifier, its own: Spring Security's resource-server decoder is only the
     * benchmark's comparison peer, kept with the tests ({@code SpringSecurityVerifierConfiguration}).
     */
    @Test
    void mainCodeWhenCompiledThenUsesNoSpringSecurity() {
        noClasses()
                .should()
                .dependOnClassesThat(resideInAnyPackage("org.springframework.security.."))
                .allowEmptyShould(false)
                .check(gateway);
    }

    @Test
    void edgeAndCallerWhenCompiledThenDependOnNoOtherFeature() {
        noClasses()
                .that()
                .resideInAPackage(ROOT + ".edge..")
                .should()
                .dependOnClassesThat(featuresOtherThan("edge"))
                .because("the edge filter runs first, before any feature has decided anything")
                .allowEmptyShould(false)
                .check(gateway);
        noClasses()
                .that()
                .resideInAPackage(ROOT + ".caller..")
                .should()
                .dependOnClassesThat(featuresOtherThan("caller"))
                .because("the verified caller is what the features share instead of depending on each other")
                .allowEmptyShould(false)
                .check(gateway);
    }

    @Test
    void loggingWhenCompiledThenSeesTheVerifiedCallerNeverATokenOrCookie() {
        noClasses()
                .that()
                .resideInAPackage(ROOT + ".logging..")
                .should()
                .dependOnClassesThat(featuresOtherThan("logging", "edge", "caller"))
                .because("log lines carry the caller's subject (caller.AccessToken), which holds no part of the raw"
                        + " token; tokens, cookies and introspection answers live in verify, session, csrf and"
                        + " introspect")
                .allowEmptyShould(false)
                .check(gateway);
    }

    @Test
    void passportWhenCompiledThenKnowsNoSessionVerifierOrCsrf() {
        noClasses()
                .that()
                .resideInAPackage(ROOT + ".passport..")
                .should()
                .dependOnClassesThat(featuresOtherThan("passport", "edge", "route", "caller"))
                .because("the session feature signs its calls with the passport and tells it its cookie names"
                        + " (passport.SessionCookieNames), not the other way round")
                .allowEmptyShould(false)
                .check(gateway);
    }

    @Test
    void rawTokenHoldersWhenPrintedThenRedacted() {
        classes()
                .that(holdARawToken())
                .should(haveAToStringOfTheirOwn())
                .because("a record's generated toString() prints every component, and a token in a log line or an"
                        + " exception message is a stolen session")
                .allowEmptyShould(false)
                .check(gateway);
    }

    @Test
    void fieldsWhenDeclaredThenNeverInjected() {
        NO_CLASSES_SHOULD_USE_FIELD_INJECTION.allowEmptyShould(false).check(gateway);
    }

    @Test
    void logsWhenWrittenThenThroughSlf4jNotJavaUtilLogging() {
        NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING.allowEmptyShould(false).check(gateway);
    }

    @Test
    void outputWhenWrittenThenNeverToTheStandardStreams() {
        NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS.allowEmptyShould(false).check(gateway);
    }

    @Test
    void configurationPropertiesWhenDeclaredThenRecordsNamedPropertiesUnderTesseraGateway() {
        classes()
                .that()
                .areAnnotatedWith(ConfigurationProperties.class)
                .should()
                .beAssignableTo(Record.class)
                .andShould()
                .haveSimpleNameEndingWith("Properties")
                .andShould(bindAPrefixUnderTesseraGateway())
                .allowEmptyShould(false)
                .check(gateway);
    }

    @Test
    void propertiesWhenNamedSoThenBoundFromConfiguration() {
        classes()
                .that()
                .haveSimpleNameEndingWith("Properties")
                .should()
                .beAnnotatedWith(ConfigurationProperties.class)
                .allowEmptyShould(false)
                .check(gateway);
    }

    @Test
    void configurationsAndControllersWhenDeclaredThenPackagePrivate() {
        classes()
                .that()
                .areAnnotatedWith(Configuration.class)
                .or()
                .areAnnotatedWith(Controller.class)
                .or()
                .areAnnotatedWith(RestController.class)
                .should()
                .notBePublic()
                .allowEmptyShould(false)
                .check(gateway);
    }

    /** Classes of the gateway's feature packages, except those of the features named (the root is none). */
    private static DescribedPredicate<JavaClass> featuresOtherThan(String... allowed) {
        Set<String> exempt = Set.of(allowed);
        String description = (allowed.length == 0)
                ? "reside in a feature package of the gateway"
                : "reside in a feature package of the gateway other than " + String.join(", ", allowed);
        return DescribedPredicate.describe(description, javaClass -> {
            String name = javaClass.getPackageName();
            if (!name.startsWith(ROOT + ".")) {
                return false;
            }
            return !exempt.contains(name.substring(ROOT.length() + 1).split("\\.")[0]);
        });
    }

    /**
     * Records with a {@code String} component that is a raw token: named {@code ...Token} ({@code accessToken},
     * {@code refreshToken}), or the {@code value} of a record named {@code ...Token} ({@code BearerToken}). The verified
     * caller ({@code caller.AccessToken}) holds ids only ({@code tokenId}, {@code keyId}) and is not one.
     */
    private static DescribedPredicate<JavaClass> holdARawToken() {
        return DescribedPredicate.describe(
                "are records holding a raw token",
                javaClass -> javaClass.isAssignableTo(Record.class)
                        && javaClass.getFields().stream().anyMatch(field -> isRawToken(javaClass, field)));
    }

    private static boolean isRawToken(JavaClass owner, JavaField field) {
        if (field.getModifiers().contains(JavaModifier.STATIC)
                || !field.getRawType().isEquivalentTo(String.class)) {
            return false;
        }
        return field.getName().endsWith("Token")
                || (field.getName().equals("value") && owner.getSimpleName().endsWith("Token"));
    }

    /** The compiler's toString() of a record is {@code final}; one written in the source is not (unless so declared). */
    private static ArchCondition<JavaClass> haveAToStringOfTheirOwn() {
        return ArchConditions.have(DescribedPredicate.describe(
                "a toString() of their own",
                javaClass -> javaClass
                        .tryGetMethod("toString")
                        .filter(method -> !method.getModifiers().contains(JavaModifier.FINAL))
                        .isPresent()));
    }

    private static ArchCondition<JavaClass> bindAPrefixUnderTesseraGateway() {
        return new ArchCondition<>("bind a prefix under tessera.gateway") {
            @Override
            public void check(JavaClass javaClass, ConditionEvents events) {
                ConfigurationProperties annotation = javaClass.getAnnotationOfType(ConfigurationProperties.class);
                String prefix = annotation.prefix().isEmpty() ? annotation.value() : annotation.prefix();
                boolean under = prefix.equals("tessera.gateway") || prefix.startsWith("tessera.gateway.");
                events.add(new SimpleConditionEvent(javaClass, under, javaClass.getName() + " binds '" + prefix + "'"));
            }
        };
    }
}
