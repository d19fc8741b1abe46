package dev.tessera.forum;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import jakarta.persistence.Entity;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.bind.annotation.RestController;

/** Keeps the layout of STYLE.md honest: features, their direction, and a small public surface. */
class ArchitectureTests {

    private static final JavaClasses forum = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.tessera.forum");

    @Test
    void threadWhenCompiledThenKnowsNothingOfPosts() {
        noClasses()
                .that()
                .resideInAPackage("..forum.thread..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("..forum.post..")
                .check(forum);
    }

    @Test
    void userWhenCompiledThenKnowsNoFeature() {
        noClasses()
                .that()
                .resideInAPackage("..forum.user..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("..forum.thread..", "..forum.post..")
                .check(forum);
    }

    @Test
    void rootWhenCompiledThenKnowsNoFeature() {
        noClasses()
                .that()
                .resideInAPackage("dev.tessera.forum")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("..forum.thread..", "..forum.post..", "..forum.user..", "..forum.web..")
                .check(forum);
    }

    @Test
    void webWhenCompiledThenNothingDependsOnIt() {
        noClasses()
                .that()
                .resideOutsideOfPackage("..forum.web..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("..forum.web..")
                .because(
                        "web/ holds the HTTP plumbing (errors, filters, Tomcat, JSON, OpenAPI) and nothing else needs it")
                .check(forum);
    }

    @Test
    void passportWhenUsedThenOnlyAtTheWebEdge() {
        noClasses()
                .that()
                .resideInAnyPackage("..forum.thread..", "..forum.post..")
                .and()
                .areNotAnnotatedWith(RestController.class)
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.tessera.passport..")
                .because("services work with an Actor; only controllers and user.Actor read passports")
                .check(forum);
    }

    @Test
    void controllersAndEntitiesWhenDeclaredThenPackagePrivate() {
        classes()
                .that()
                .areAnnotatedWith(RestController.class)
                .or()
                .areAnnotatedWith(Entity.class)
                .should()
                .notBePublic()
                .check(forum);
    }

    @Test
    void injectionWhenDeclaredThenNeverIntoFields() {
        noFields().should().beAnnotatedWith(Autowired.class).check(forum);
    }
}
