package io.lifecycle.common.catalog;

import io.lifecycle.common.testing.SharedSpark;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Exactly what was audited is published: publishing with the Delta version an audit read publishes that version's
 * rows, even when a writer changed the unpublished table after the audit.
 */
class PublishAuditedVersionTest {
    private static final SparkSession SPARK = SharedSpark.get();

    @TempDir
    Path tmp;

    @Test
    void theAuditedVersionIsPublishedNotARowWrittenAfterTheAudit() {
        TableDef def = new TableDef(Layer.GOLD, "audited", "Audited rows.", new StructType()
                .add("id", DataTypes.StringType, false).add("score", DataTypes.IntegerType, true),
                List.of(), List.of("id"), null, List.of(), null);
        Lakehouse lake = Lakehouse.open(SPARK, tmp.resolve("lake"), List.of(def), List.of());
        StructType schema = def.schema();
        lake.overwrite(def, SPARK.createDataFrame(List.of(RowFactory.create("a", 1), RowFactory.create("b", 2)), schema));
        long audited = lake.version(def);
        // written after the audit read the table (a second writer): must not reach BI through this publish
        lake.overwrite(def, SPARK.createDataFrame(List.of(RowFactory.create("a", 999)), schema));

        lake.publish(def, null, Map.of(), audited);
        assertEquals(List.of("a 1", "b 2"), rows(lake, def));
        lake.publish(def, null, Map.of(), null);
        assertEquals(List.of("a 999"), rows(lake, def), "without a version: the latest");
    }

    private static List<String> rows(Lakehouse lake, TableDef def) {
        return lake.readPublished(def).orderBy("id").collectAsList().stream()
                .map((Row r) -> r.getString(0) + " " + r.getInt(1)).toList();
    }
}
