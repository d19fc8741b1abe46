package dev.tessera.auth.role;

import dev.tessera.auth.account.InvalidInputException;
import dev.tessera.auth.account.Role;
import dev.tessera.auth.audit.AuditLog;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The roles an installation defines and the permissions each grants (tables {@code role}, {@code role_permission},
 * V16). Every change is audited in the same transaction.
 *
 * <p>Changing a role's permissions revokes nothing: tokens carry role names only, and each gateway maps them to
 * permissions with the {@link #policy() policy} it polls, so the change reaches the edge within the gateways' poll
 * interval. A role still held by an account cannot be deleted ({@code role-in-use}): taking it from the accounts goes
 * through {@code PUT /auth/admin/users/{id}/roles}, which revokes their tokens one account at a time, with the
 * last-administrator check, rather than as a silent side effect of a delete.
 */
@Service
public class RoleCatalog {

    /** At most this many permissions per role: bounds the policy document and every look-up at the edge. */
    public static final int MAX_PERMISSIONS = 64;

    /** At most this many roles: with {@link #MAX_PERMISSIONS} the policy document stays well under 1 MiB. */
    public static final int MAX_ROLES = 256;

    /** The grammar of the gateway's {@code permission:NAME} (its {@code Access.PERMISSION}), at most 64 long. */
    private static final Pattern PERMISSION = Pattern.compile("[a-z][a-z0-9]*([:._-][a-z0-9]+)*");

    private static final int MAX_PERMISSION_LENGTH = 64;

    private static final int MAX_DESCRIPTION_LENGTH = 200;

    private final JdbcClient jdbc;

    private final AuditLog audit;

    private final Clock clock;

    RoleCatalog(JdbcClient jdbc, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    /** Every role, by name, with its permissions and how many accounts hold it. */
    @Transactional(readOnly = true)
    public List<RoleView> list() {
        return roles(null);
    }

    /** One role. */
    @Transactional(readOnly = true)
    public RoleView view(String name) {
        return roles(name).stream().findFirst().orElseThrow(RoleProblems.RoleNotFoundException::new);
    }

    /** Creates a role; 409 {@code role-exists} if the name is taken. */
    @Transactional
    public RoleView create(String name, String description, List<String> permissions, UUID actor) {
        if (!Role.isValidName(name)) {
            throw new InvalidInputException(
                    "name",
                    "must be upper case letters, digits and '_', starting with a letter, at most 32"
                            + " (SERVICE is reserved)");
        }
        TreeSet<String> granted = checkedPermissions(permissions);
        String text = checkedDescription(description);
        long count =
                this.jdbc.sql("SELECT count(*) FROM role").query(Long.class).single();
        if (count >= MAX_ROLES) {
            throw new RoleProblems.TooManyRolesException();
        }
        Timestamp now = Timestamp.from(this.clock.instant());
        try {
            this.jdbc
                    .sql("INSERT INTO role (name, description, built_in, created_at, updated_at)"
                            + " VALUES (?, ?, false, ?, ?)")
                    .params(name, text, now, now)
                    .update();
        } catch (DuplicateKeyException ex) {
            throw new RoleProblems.RoleExistsException();
        }
        insertPermissions(name, granted);
        this.audit.record(AuditLog.Type.ROLE_CREATED, null, actor, null, detail(name, granted));
        return view(name);
    }

    /** Replaces a role's description and its whole set of permissions. */
    @Transactional
    public RoleView update(String name, String description, List<String> permissions, UUID actor) {
        TreeSet<String> granted = checkedPermissions(permissions);
        String text = checkedDescription(description);
        int updated = this.jdbc
                .sql("UPDATE role SET description = ?, updated_at = ? WHERE name = ?")
                .params(text, Timestamp.from(this.clock.instant()), name)
                .update();
        if (updated == 0) {
            throw new RoleProblems.RoleNotFoundException();
        }
        this.jdbc.sql("DELETE FROM role_permission WHERE role = ?").param(name).update();
        insertPermissions(name, granted);
        this.audit.record(AuditLog.Type.ROLE_CHANGED, null, actor, null, detail(name, granted));
        return view(name);
    }

    /** Deletes a role no account holds; built-ins are refused. */
    @Transactional
    public void delete(String name, UUID actor) {
        RoleView role = view(name);
        if (role.builtIn()) {
            throw new RoleProblems.BuiltInRoleException();
        }
        if (role.accounts() > 0) {
            throw new RoleProblems.RoleInUseException();
        }
        try {
            // The foreign key of account_role (ON DELETE RESTRICT) decides a race with an assignment.
            this.jdbc.sql("DELETE FROM role WHERE name = ?").param(name).update();
        } catch (DataIntegrityViolationException ex) {
            throw new RoleProblems.RoleInUseException();
        }
        this.audit.record(AuditLog.Type.ROLE_DELETED, null, actor, null, name);
    }

    /** The document gateways poll: every role's permissions and a version that changes with them. */
    @Transactional(readOnly = true)
    public RolePolicy policy() {
        Map<String, List<String>> roles = new TreeMap<>();
        this.jdbc.sql("SELECT name FROM role").query(String.class).list().forEach(role -> roles.put(role, List.of()));
        roles.putAll(permissions());
        StringBuilder canonical = new StringBuilder();
        roles.forEach((role, granted) -> canonical
                .append(role)
                .append('=')
                .append(String.join(",", granted))
                .append('\n'));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return new RolePolicy(HexFormat.of().formatHex(digest, 0, 16), roles);
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** Every role, or the one named. */
    private List<RoleView> roles(String only) {
        Map<String, List<String>> permissions = permissions();
        String where = (only == null) ? "" : " WHERE r.name = :name";
        JdbcClient.StatementSpec query =
                this.jdbc.sql("SELECT r.name, r.description, r.built_in, r.created_at, r.updated_at,"
                        + " (SELECT count(*) FROM account_role a WHERE a.role = r.name) AS accounts"
                        + " FROM role r" + where + " ORDER BY r.name");
        if (only != null) {
            query = query.param("name", only);
        }
        return query.query((rs, n) -> new RoleView(
                        rs.getString("name"),
                        rs.getString("description"),
                        rs.getBoolean("built_in"),
                        permissions.getOrDefault(rs.getString("name"), List.of()),
                        rs.getLong("accounts"),
                        rs.getTimestamp("created_at").toInstant(),
                        rs.getTimestamp("updated_at").toInstant()))
                .list();
    }

    private Map<String, List<String>> permissions() {
        Map<String, List<String>> permissions = new LinkedHashMap<>();
        this.jdbc
                .sql("SELECT role, permission FROM role_permission ORDER BY role, permission")
                .query((rs, n) -> Map.entry(rs.getString("role"), rs.getString("permission")))
                .list()
                .forEach(row -> permissions
                        .computeIfAbsent(row.getKey(), key -> new ArrayList<>())
                        .add(row.getValue()));
        permissions.replaceAll((role, granted) -> List.copyOf(granted));
        return permissions;
    }

    private void insertPermissions(String role, TreeSet<String> permissions) {
        for (String permission : permissions) {
            this.jdbc
                    .sql("INSERT INTO role_permission (role, permission) VALUES (?, ?)")
                    .params(role, permission)
                    .update();
        }
    }

    private static TreeSet<String> checkedPermissions(List<String> permissions) {
        TreeSet<String> granted = new TreeSet<>();
        for (String permission : (permissions == null) ? List.<String>of() : permissions) {
            if (permission == null
                    || permission.length() > MAX_PERMISSION_LENGTH
                    || !PERMISSION.matcher(permission).matches()) {
                throw new InvalidInputException(
                        "permissions",
                        "'" + abbreviated(permission) + "' must be lower case letters and digits,"
                                + " separated by ':', '.', '_' or '-', at most " + MAX_PERMISSION_LENGTH);
            }
            granted.add(permission);
        }
        if (granted.size() > MAX_PERMISSIONS) {
            throw new InvalidInputException("permissions", "at most " + MAX_PERMISSIONS + " per role");
        }
        return granted;
    }

    private static String checkedDescription(String description) {
        String text = (description == null) ? "" : description.strip();
        if (text.length() > MAX_DESCRIPTION_LENGTH) {
            throw new InvalidInputException("description", "at most " + MAX_DESCRIPTION_LENGTH + " characters");
        }
        return text;
    }

    private static String abbreviated(String text) {
        if (text == null) {
            return "null";
        }
        return (text.length() <= 70) ? text : text.substring(0, 70) + "...";
    }

    private static String detail(String role, TreeSet<String> permissions) {
        return role + ": " + String.join(",", permissions);
    }
}
