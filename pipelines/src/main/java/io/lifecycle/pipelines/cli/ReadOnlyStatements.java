package io.lifecycle.pipelines.cli;

import io.lifecycle.common.LifecycleException;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.catalyst.plans.logical.Command;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.ParsedStatement;
import org.apache.spark.sql.execution.command.ExplainCommand;
import scala.Option;

import java.net.URL;
import java.security.CodeSource;
import java.util.Objects;
import java.util.Set;

/**
 * What {@code bin/lifecycle sql} may run: queries (SELECT, WITH, VALUES, TABLE), SHOW and DESCRIBE, and EXPLAIN of
 * a query. Anything else (DELETE, UPDATE, MERGE, INSERT, CREATE, DROP, ALTER, RESTORE, VACUUM, OPTIMIZE, SET,
 * CACHE, ...) would change tables, the run log or the session, and is refused before it runs. The statement is
 * judged by what Spark's own parser (with Delta's extension) makes of it, never by its text.
 */
final class ReadOnlyStatements {
    /** Commands that only read the catalog or a plan. */
    private static final Set<String> READING_COMMANDS = Set.of("ShowTables", "ShowTablesExtended", "ShowViews",
            "ShowNamespaces", "ShowColumns", "ShowFunctions", "ShowTableProperties", "ShowPartitions",
            "ShowCreateTable", "DescribeRelation", "DescribeColumn", "DescribeNamespace", "DescribeFunction",
            "ShowNamespacesCommand", "ShowTablesCommand", "ShowViewsCommand", "ShowColumnsCommand",
            "ShowFunctionsCommand", "ShowTablePropertiesCommand", "ShowPartitionsCommand", "ShowCreateTableCommand",
            "DescribeTableCommand", "DescribeColumnCommand", "DescribeDatabaseCommand", "DescribeFunctionCommand");
    /**
     * Where the nodes of a plain query come from: Spark's catalyst jar. Extensions put statements in Spark's packages
     * too (Delta's RESTORE is org.apache.spark.sql.catalyst.plans.logical.RestoreTableStatement), so the jar is what
     * tells them apart, not the package name.
     */
    private static final URL QUERY_NODES = jarOf(LogicalPlan.class);

    private ReadOnlyStatements() {
    }

    /** Fails with a plain message unless the statement only reads; returns the statement as parsed. */
    static LogicalPlan require(SparkSession spark, String statement) {
        LogicalPlan plan;
        try {
            plan = spark.sessionState().sqlParser().parsePlan(statement);
        } catch (ParseException e) {
            throw new LifecycleException("The query is not valid: " + SqlCommand.firstLine(e.getMessage()));
        }
        String refused = refusal(plan);
        if (refused != null) {
            throw new LifecycleException("bin/lifecycle sql only reads: " + refused + " is refused. It runs queries"
                    + " (SELECT, WITH), SHOW, DESCRIBE and EXPLAIN; tables change only through the pipeline's jobs.");
        }
        return plan;
    }

    /**
     * Whether the statement lists the catalog (SHOW TABLES, SHOW VIEWS, SHOW DATABASES, DESCRIBE DATABASE): tables
     * are registered on first use, so such a statement needs every table registered first.
     */
    static boolean listsCatalog(LogicalPlan plan) {
        String kind = plan.getClass().getSimpleName();
        return kind.startsWith("ShowTables") || kind.startsWith("ShowViews") || kind.startsWith("ShowNamespaces")
                || kind.startsWith("DescribeNamespace") || kind.startsWith("DescribeDatabase");
    }

    /** Null when the plan only reads; else the kind of statement it is. */
    static String refusal(LogicalPlan plan) {
        if (plan instanceof ExplainCommand explain) {
            return refusal(explain.logicalPlan());
        }
        String kind = plan.getClass().getSimpleName();
        if (READING_COMMANDS.contains(kind)) {
            return null;
        }
        if (plan instanceof Command || plan instanceof ParsedStatement) {
            return kind;
        }
        // A query: none of its parts may be a command or a statement (e.g. an INSERT inside a CTE), nor a node that
        // is not one of Spark's own query nodes (a statement of an extension, such as Delta's RESTORE).
        Option<LogicalPlan> writing = plan.find(node -> node instanceof Command || node instanceof ParsedStatement
                || !Objects.equals(jarOf(node.getClass()), QUERY_NODES));
        return writing.isDefined() ? writing.get().getClass().getSimpleName() : null;
    }

    private static URL jarOf(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        return source == null ? null : source.getLocation();
    }
}
