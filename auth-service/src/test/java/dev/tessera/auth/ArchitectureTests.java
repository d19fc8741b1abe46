package dev.tessera.auth;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import jakarta.persistence.Entity;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.RestController;

/** Keeps the package-by-feature layout honest. */
class ArchitectureTests {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.tessera.auth");

    @Test
    void packagesWhenComparedThenNoCyclesBetweenFeatures() {
        slices().matching("dev.tessera.auth.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void webAndPostureWhenImportedThenDependOnNoFeature() {
        noClasses()
                .that()
                .resideInAnyPackage("dev.tessera.auth.web..", "dev.tessera.auth.posture..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.tessera.auth.account..",
                        "dev.tessera.auth.admin..",
                        "dev.tessera.auth.factor..",
                        "dev.tessera.auth.keys..",
                        "dev.tessera.auth.login..",
                        "dev.tessera.auth.me..",
                        "dev.tessera.auth.oidc..",
                        "dev.tessera.auth.opaque..",
                        "dev.tessera.auth.refresh..",
                        "dev.tessera.auth.revocation..",
                        "dev.tessera.auth.throttle..",
                        "dev.tessera.auth.token..")
                .check(CLASSES);
    }

    @Test
    void controllersConfigurationsAndEntitiesWhenDeclaredThenPackagePrivate() {
        classes()
                .that()
                .areAnnotatedWith(RestController.class)
                .or()
                .areAnnotatedWith(Configuration.class)
                .or()
                .areAnnotatedWith(Entity.class)
                .should()
                .notHaveModifier(JavaModifier.PUBLIC)
                .check(CLASSES);
    }

    @Test
    void fieldsWhenDeclaredThenNeverInjected() {
        noFields().should().beAnnotatedWith(Autowired.class).check(CLASSES);
    }

    @Test
    void passportWhenUsedThenOnlyByCallerFacingPackagesAndTheClientAddress() {
        // throttle reads the gateway-signed client address (cip) from the verified passport, nothing else of it.
        noClasses()
                .that()
                .resideOutsideOfPackages(
                        "dev.tessera.auth.admin..",
                        "dev.tessera.auth.me..",
                        // The OpenID Provider's authorization endpoint: the user is the passport's caller.
                        "dev.tessera.auth.oidc..",
                        "dev.tessera.auth.opaque..",
                        "dev.tessera.auth.openapi..",
                        "dev.tessera.auth.revocation..",
                        // The gateways' policy document (/internal/roles), for SERVICE callers only.
                        "dev.tessera.auth.role..",
                        "dev.tessera.auth.throttle..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.tessera.passport..")
                .check(CLASSES);
    }
}
