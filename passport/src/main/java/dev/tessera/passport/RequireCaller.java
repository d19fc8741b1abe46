package dev.tessera.passport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Demands an authenticated caller for a controller method (on the method, its class, or its {@link
 * Passport} parameter). An anonymous passport gets 401 problem+json before the method runs; with {@link
 * #anyRole()} a caller holding none of the roles gets 403. Enforced by {@code tessera-spring-boot-starter} in
 * Spring MVC and WebFlux alike; the annotation itself needs no Spring, so it lives with {@link Passport}.
 *
 * <pre>{@code
 * @PostMapping("/threads")
 * ThreadView create(@RequireCaller Passport caller, @RequestBody NewThread body) { ... }
 *
 * @RequireCaller(anyRole = "ADMIN")
 * @GetMapping("/admin/users")
 * Page<UserView> users(Passport caller, Pageable page) { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE, ElementType.PARAMETER})
public @interface RequireCaller {

    /**
     * Roles of which the caller must hold at least one; empty means any authenticated caller.
     *
     * @return the roles
     */
    String[] anyRole() default {};
}
