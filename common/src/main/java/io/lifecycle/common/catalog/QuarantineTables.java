package io.lifecycle.common.catalog;

import io.lifecycle.common.config.Inputs;

import java.util.List;

import static io.lifecycle.common.catalog.CatalogRegistry.define;
import static io.lifecycle.common.catalog.ColumnTypes.DATE;
import static io.lifecycle.common.catalog.ColumnTypes.STRING;
import static io.lifecycle.common.catalog.TableDef.column;

/** quarantine: one table per input, holding the rows that broke its contract, with the rule and the run. */
public final class QuarantineTables {
    static {
        for (String input : Inputs.ALL) {
            define(Layer.QUARANTINE, input, "Rows of input " + input + " that broke its contract (DESIGN §4).",
                    List.of("snapshot_date", "record_key", "rule"), "snapshot_date", List.of("snapshot_date"),
                    column("snapshot_date", DATE, false, "As-of date of the run that read the row."),
                    column("run_id", STRING, false, "Run that quarantined the row."),
                    column("rule", STRING, false, "The contract rule the row broke."),
                    column("detail", STRING, true, "What exactly was wrong."),
                    column("record_key", STRING, true, "The row's key, if it had one."),
                    column("record", STRING, false, "The row as read, as JSON."));
        }
    }

    private QuarantineTables() {
    }

    static List<TableDef> tables() {
        return CatalogRegistry.ofLayer(Layer.QUARANTINE);
    }
}
