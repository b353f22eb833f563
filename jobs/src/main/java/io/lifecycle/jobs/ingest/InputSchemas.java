package io.lifecycle.jobs.ingest;

import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.Arrays;
import org.apache.spark.sql.types.Metadata;

/** The warehouse shape of each input, from its contract: for writers of warehouse data such as the generator. */
public final class InputSchemas {
    private InputSchemas() {
    }

    /**
     * The columns and types the input's contract expects, every column nullable as in files written by other
     * tools (nulls where the contract forbids them are the contract check's business, not the file's).
     */
    public static StructType of(String input) {
        return new StructType(Arrays.stream(Contracts.of(input).inputSchema().fields())
                .map(f -> new StructField(f.name(), f.dataType(), true, Metadata.empty()))
                .toArray(StructField[]::new));
    }
}
