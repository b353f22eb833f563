package io.lifecycle.jobs.marts;

import io.lifecycle.common.catalog.Layer;
import io.lifecycle.common.catalog.TableDef;
import io.lifecycle.common.catalog.Tables;
import io.lifecycle.common.config.ConfigException;
import io.lifecycle.common.config.YamlFiles;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.lifecycle.common.config.ConfigChecks.range;
import static io.lifecycle.common.config.ConfigChecks.required;

/**
 * conf/publish.yaml, bound strictly and validated on load; every key is required (see the shipped file).
 *
 * @param owner           table property lifecycle.owner of every published gold table
 * @param refreshSchedule table property lifecycle.refresh_schedule
 * @param rowCountBand    the day-over-day row-count rule
 */
public record PublishConfig(String owner, String refreshSchedule, RowCountBand rowCountBand) {
    public static final String FILE_NAME = "publish.yaml";

    /**
     * @param minRatio        lowest allowed rows(D) / rows(D - 1)
     * @param maxRatio        highest allowed rows(D) / rows(D - 1)
     * @param minPreviousRows the rule applies only when D - 1 has at least this many rows
     * @param tables          gold tables the rule applies to
     */
    public record RowCountBand(Double minRatio, Double maxRatio, Integer minPreviousRows, List<String> tables) {
    }

    public static PublishConfig load(Path configDir) {
        Path file = configDir.resolve(FILE_NAME);
        return validate(file.toString(), YamlFiles.read(file, PublishConfig.class));
    }

    static PublishConfig validate(String file, PublishConfig c) {
        required(file, "owner", c.owner() == null || c.owner().isBlank() ? null : c.owner(), "a team or person");
        required(file, "refreshSchedule", c.refreshSchedule() == null || c.refreshSchedule().isBlank() ? null
                : c.refreshSchedule(), "when the tables are refreshed, in words");
        RowCountBand band = c.rowCountBand();
        required(file, "rowCountBand", band, "{minRatio, maxRatio, minPreviousRows, tables}");
        required(file, "rowCountBand.minRatio", band.minRatio(), "a number from 0 to 1");
        if (band.minRatio() < 0 || band.minRatio() > 1) {
            throw new ConfigException(file, "rowCountBand.minRatio", band.minRatio() + " is out of range; allowed 0 to 1");
        }
        required(file, "rowCountBand.maxRatio", band.maxRatio(), "a number of at least 1");
        if (band.maxRatio() < 1) {
            throw new ConfigException(file, "rowCountBand.maxRatio", band.maxRatio() + " is below 1");
        }
        range(file, "rowCountBand.minPreviousRows", band.minPreviousRows(), 1, Integer.MAX_VALUE);
        required(file, "rowCountBand.tables", band.tables(), "a list of gold tables, e.g. [gold.account_health_daily]");
        for (String table : band.tables()) {
            boolean dailyGold = Tables.find(table).filter(t -> t.layer() == Layer.GOLD && GoldPublication.byDate(t))
                    .isPresent();
            if (!dailyGold) {
                throw new ConfigException(file, "rowCountBand.tables", "'" + table + "' is not a gold table "
                        + "partitioned by its snapshot date; allowed: " + String.join(", ", Tables.all().stream()
                        .filter(t -> t.layer() == Layer.GOLD && GoldPublication.byDate(t))
                        .map(TableDef::qualifiedName).toList()));
            }
        }
        return c;
    }

    /** The table properties of a published gold table. */
    Map<String, String> properties(TableDef def) {
        return Map.of("lifecycle.owner", owner, "lifecycle.refresh_schedule", refreshSchedule,
                "lifecycle.grain", def.grain());
    }
}
