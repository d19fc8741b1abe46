package dev.tessera.testsupport;

/**
 * A PostgreSQL database created for one test run (or one test application context) and
 * dropped when the JVM exits.
 *
 * @param name the database name, unique per run
 * @param jdbcUrl a JDBC URL for the database
 * @param username a role that owns the database
 * @param password that role's password, empty when the server trusts local connections
 */
public record TestDatabase(String name, String jdbcUrl, String username, String password) {

    @Override
    public String toString() {
        return "TestDatabase[" + name + " at " + jdbcUrl + "]";
    }
}
