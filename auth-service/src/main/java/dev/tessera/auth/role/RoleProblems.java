package dev.tessera.auth.role;

import dev.tessera.auth.web.ProblemException;
import org.springframework.http.HttpStatus;

/** The problems of role administration; each slug is a stable {@code urn:tessera:problem:<slug>}. */
final class RoleProblems {

    private RoleProblems() {}

    static final class RoleNotFoundException extends ProblemException {

        RoleNotFoundException() {
            super(HttpStatus.NOT_FOUND, "role-not-found", "Role not found", "There is no such role.");
        }
    }

    static final class RoleExistsException extends ProblemException {

        RoleExistsException() {
            super(HttpStatus.CONFLICT, "role-exists", "Role exists", "A role with this name exists already.");
        }
    }

    static final class BuiltInRoleException extends ProblemException {

        BuiltInRoleException() {
            super(
                    HttpStatus.CONFLICT,
                    "role-built-in",
                    "Built-in role",
                    "USER, MODERATOR and ADMIN cannot be deleted; their permissions can be changed.");
        }
    }

    static final class RoleInUseException extends ProblemException {

        RoleInUseException() {
            super(
                    HttpStatus.CONFLICT,
                    "role-in-use",
                    "Role in use",
                    "Accounts still hold this role: take it from them first (PUT /auth/admin/users/{id}/roles).");
        }
    }

    static final class TooManyRolesException extends ProblemException {

        TooManyRolesException() {
            super(
                    HttpStatus.CONFLICT,
                    "role-limit",
                    "Too many roles",
                    "This installation has as many roles as it may have (" + RoleCatalog.MAX_ROLES + ").");
        }
    }
}
