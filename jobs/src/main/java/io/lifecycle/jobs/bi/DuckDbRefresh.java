package io.lifecycle.jobs.bi;

import io.lifecycle.common.LifecycleException;
import io.lifecycle.common.catalog.Lakehouse;
import io.lifecycle.common.config.BiConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

/**
 * Writes the DuckDB database file BI opens ({@link DuckDbGold}'s statements) through DuckDB's JDBC driver: into a new
 * file beside it, checkpointed and closed, then renamed over the old one, so a reader opens either the previous file
 * or the new one, never a half-written one.
 */
public final class DuckDbRefresh {
    public static final String DRIVER = "org.duckdb.DuckDBDriver";

    /** What a refresh wrote. */
    public record Result(Path database, int tables, int currentViews, boolean materialized, long millis) {
        @Override
        public String toString() {
            return String.format("%s: %d gold %s and %d _current views in %.1f s", database, tables,
                    materialized ? "tables (materialised)" : "views", currentViews, millis / 1000.0);
        }
    }

    private DuckDbRefresh() {
    }

    /** Whether DuckDB's JDBC driver is on the classpath (the shaded job jar leaves it out). */
    public static boolean driverAvailable() {
        try {
            Class.forName(DRIVER);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    public static Result refresh(Lakehouse lakehouse, BiConfig bi) {
        long start = System.nanoTime();
        Path database = bi.database();
        Path tmp = database.resolveSibling(database.getFileName() + ".tmp-" + UUID.randomUUID());
        List<String> statements = DuckDbGold.statements(lakehouse, bi.materialize());
        try {
            Files.createDirectories(database.getParent());
            try (Connection c = open(tmp, bi.extensionDirectory()); Statement s = c.createStatement()) {
                for (String sql : statements) {
                    if (!sql.startsWith("--")) {
                        s.execute(sql);
                    }
                }
                s.execute("CHECKPOINT");
            }
            Files.move(tmp, database, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (SQLException e) {
            throw new LifecycleException("Could not write the BI database " + database + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new LifecycleException("Could not write the BI database " + database + ": " + e, e);
        } finally {
            deleteQuietly(tmp);
            deleteQuietly(tmp.resolveSibling(tmp.getFileName() + ".wal"));
        }
        int tables = (int) statements.stream().filter(s -> s.startsWith("CREATE OR REPLACE")
                && !s.contains("_current AS ")).count();
        int views = (int) statements.stream().filter(s -> s.contains("_current AS ")).count();
        return new Result(database, tables, views, bi.materialize(), (System.nanoTime() - start) / 1_000_000L);
    }

    /** A DuckDB connection that loads the delta extension from the configured folder only, never downloading. */
    static Connection open(Path file, Path extensionDirectory) throws SQLException {
        Properties p = new Properties();
        p.setProperty("extension_directory", extensionDirectory.toString());
        p.setProperty("autoinstall_known_extensions", "false");
        p.setProperty("autoload_known_extensions", "false");
        Connection c = DriverManager.getConnection("jdbc:duckdb:" + file, p);
        try (Statement s = c.createStatement()) {
            s.execute("LOAD delta");
        } catch (SQLException e) {
            Path expected = extensionFile(c, extensionDirectory);
            c.close();
            throw new LifecycleException("DuckDB's delta extension is not loadable from " + expected + " ("
                    + e.getMessage().lines().findFirst().orElse("") + "); bin/lifecycle bi refresh installs it there "
                    + "from PyPI's duckdb-extension-delta.", e);
        }
        return c;
    }

    /** Where DuckDB looks for the delta extension: {@code <dir>/<version>/<platform>/delta.duckdb_extension}. */
    public static Path extensionFile(Path extensionDirectory) {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
            return extensionFile(c, extensionDirectory);
        } catch (SQLException e) {
            throw new LifecycleException("DuckDB's JDBC driver does not start: " + e.getMessage(), e);
        }
    }

    private static Path extensionFile(Connection c, Path extensionDirectory) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT (SELECT library_version FROM pragma_version()), "
                     + "(SELECT platform FROM pragma_platform())")) {
            r.next();
            return extensionDirectory.resolve(r.getString(1)).resolve(r.getString(2)).resolve("delta.duckdb_extension");
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a leftover temporary file is harmless; the next refresh uses a new name
        }
    }
}
