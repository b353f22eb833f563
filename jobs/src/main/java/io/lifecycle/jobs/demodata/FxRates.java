package io.lifecycle.jobs.demodata;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One rate per currency and day from the first day anything can be dated to the end of history, so every
 * good subscription and invoice finds its rate. USD is the reporting currency (rate exactly 1); the others
 * follow a small daily random walk (0.3 % daily volatility) pulled gently back to their starting value.
 */
final class FxRates {
    private FxRates() {
    }

    static List<Row> rows(long seed, Timeline timeline) {
        List<Row> rows = new ArrayList<>();
        for (int c = 0; c < Vocabulary.CURRENCIES.length; c++) {
            SplittableRandom rng = Rand.of(seed, Rand.FX, c);
            double start = Vocabulary.FX_START[c];
            double rate = start;
            for (int day = timeline.historyStart(); day <= timeline.endDay(); day++) {
                BigDecimal value = c == 0 ? BigDecimal.ONE.setScale(8)
                        : BigDecimal.valueOf(rate).setScale(8, RoundingMode.HALF_UP);
                rows.add(RowFactory.create(Timeline.date(day), Vocabulary.CURRENCIES[c], value));
                rate *= Math.exp(0.003 * Rand.gaussian(rng) + 0.01 * Math.log(start / rate));
            }
        }
        return rows;
    }
}
