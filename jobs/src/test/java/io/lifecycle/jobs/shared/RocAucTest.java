package io.lifecycle.jobs.shared;

import io.lifecycle.jobs.shared.RocAuc.Bin;
import io.lifecycle.jobs.shared.RocAuc.Direction;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.lifecycle.jobs.shared.RocAuc.Direction.HIGH_SCORE_IS_RISK;
import static io.lifecycle.jobs.shared.RocAuc.Direction.LOW_SCORE_IS_RISK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RocAucTest {

    @Test
    void aucOfTheTextbookExample() {
        // negatives 0.1, 0.4; positives 0.35, 0.8: pairs (0.35>0.1) (0.35<0.4) (0.8>0.1) (0.8>0.4) -> 3/4
        assertEquals(0.75, RocAuc.auc(new double[] {0.1, 0.4, 0.35, 0.8}, new boolean[] {false, false, true, true}), 1e-12);
    }

    @Test
    void tiesCountOneHalf() {
        // positives {2, 3}, negatives {1, 2}: 2>1 = 1, 2=2 = 1/2, 3>1 = 1, 3>2 = 1 -> 3.5 / 4
        double[] s = {1, 2, 2, 3};
        boolean[] y = {false, true, false, true};
        assertEquals(0.875, RocAuc.auc(s, y), 1e-12);
        assertEquals(0.125, RocAuc.auc(s, y, LOW_SCORE_IS_RISK), 1e-12, "the reverse direction is 1 - AUC");
    }

    @Test
    void allTiesIsOneHalfAndPerfectSeparationIsOne() {
        assertEquals(0.5, RocAuc.auc(new double[] {7, 7, 7, 7}, new boolean[] {true, false, false, true}), 1e-12);
        double[] health = {10, 20, 80, 90};
        boolean[] churned = {true, true, false, false};
        assertEquals(1.0, RocAuc.auc(health, churned, LOW_SCORE_IS_RISK), 1e-12);
        assertEquals(0.0, RocAuc.auc(health, churned, HIGH_SCORE_IS_RISK), 1e-12);
        assertEquals(0.5, RocAuc.auc(new double[] {0.0, -0.0}, new boolean[] {true, false}), 1e-12, "-0 ties 0");
    }

    @Test
    void undefinedWithoutPositivesOrNegatives() {
        assertTrue(Double.isNaN(RocAuc.auc(new double[] {1, 2}, new boolean[] {false, false})));
        assertTrue(Double.isNaN(RocAuc.auc(new double[] {1, 2}, new boolean[] {true, true})));
        assertTrue(Double.isNaN(RocAuc.auc(List.of(), LOW_SCORE_IS_RISK)));
        assertTrue(Double.isNaN(RocAuc.topDecileLift(new double[] {1, 2}, new boolean[] {false, false}, LOW_SCORE_IS_RISK)));
        assertThrows(IllegalArgumentException.class, () -> RocAuc.auc(new double[] {Double.NaN}, new boolean[] {true}));
    }

    @Test
    void weightedBinsAsComputedByHand() {
        // score 10: 2 pos 1 neg; score 20: 1 pos 3 neg; high risky.
        // pos@20 vs neg@10: 1*1 = 1, pos@20 vs neg@20 ties: 0.5*1*3 = 1.5, pos@10 vs neg@10 ties: 0.5*2*1 = 1 -> 3.5 / (3*4)
        List<Bin> bins = List.of(new Bin(10, 2, 1), new Bin(20, 1, 3));
        assertEquals(3.5 / 12, RocAuc.auc(bins, HIGH_SCORE_IS_RISK), 1e-12);
        // bins with equal scores merge: split the first bin in two
        List<Bin> split = List.of(new Bin(10, 1, 1), new Bin(20, 1, 3), new Bin(10, 1, 0));
        assertEquals(3.5 / 12, RocAuc.auc(split, HIGH_SCORE_IS_RISK), 1e-12);
        assertEquals(1 - 3.5 / 12, RocAuc.auc(bins, LOW_SCORE_IS_RISK), 1e-12);
    }

    @Test
    void topDecileLiftTakesTheLowestHealth() {
        // 20 accounts scored 1..20, churned at 1, 2 and 15: the lowest 2 both churned -> 1 / (3/20) = 20/3
        double[] s = new double[20];
        boolean[] y = new boolean[20];
        for (int i = 0; i < 20; i++) {
            s[i] = i + 1;
        }
        y[0] = true;
        y[1] = true;
        y[14] = true;
        assertEquals(20.0 / 3, RocAuc.topDecileLift(s, y, LOW_SCORE_IS_RISK), 1e-12);
        // the highest 2 (19, 20) have no churn
        assertEquals(0.0, RocAuc.topDecileLift(s, y, HIGH_SCORE_IS_RISK), 1e-12);
    }

    @Test
    void aTiedGroupAtTheDecileBoundaryCountsProRata() {
        // 4 accounts at 1.0 (2 churned), 16 at 50 (2 churned). Top decile = 2 slots, both from the tied group,
        // taken at its churn rate 1/2 -> 0.5 / (4/20) = 2.5
        List<Bin> bins = List.of(new Bin(1.0, 2, 2), new Bin(50, 2, 14));
        assertEquals(2.5, RocAuc.topDecileLift(bins, LOW_SCORE_IS_RISK), 1e-12);
        // 25 accounts -> 2.5 slots: scores 1 (churn), 2 (churn), 3 (no churn: half of it is in), 22 more with one churn.
        List<Bin> frac = new ArrayList<>(List.of(new Bin(1, 1, 0), new Bin(2, 1, 0), new Bin(3, 0, 1)));
        for (int i = 0; i < 22; i++) {
            frac.add(new Bin(10 + i, i == 0 ? 1 : 0, i == 0 ? 0 : 1));
        }
        // top: 2 churned in 2.5 slots = 0.8; overall 3/25 = 0.12 -> 6.666..
        assertEquals(0.8 / 0.12, RocAuc.topDecileLift(frac, LOW_SCORE_IS_RISK), 1e-12);
        assertEquals(1.0, RocAuc.topDecileLift(new double[] {5, 5, 5, 5}, new boolean[] {true, false, false, false},
                LOW_SCORE_IS_RISK), 1e-12, "all tied: no lift");
    }

    @Test
    void aucMatchesABruteForcePairCountOnRandomDataWithTies() {
        Random random = new Random(42);
        for (int trial = 0; trial < 50; trial++) {
            int n = 2 + random.nextInt(200);
            double[] s = new double[n];
            boolean[] y = new boolean[n];
            for (int i = 0; i < n; i++) {
                s[i] = random.nextInt(15) / 2.0; // few distinct values: many ties
                y[i] = random.nextDouble() < 0.3;
            }
            double pairs = 0;
            double wins = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    if (y[i] && !y[j]) {
                        pairs++;
                        wins += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
                    }
                }
            }
            double expected = pairs == 0 ? Double.NaN : wins / pairs;
            for (Direction d : Direction.values()) {
                double want = d == HIGH_SCORE_IS_RISK ? expected : 1 - expected;
                assertEquals(want, RocAuc.auc(s, y, d), 1e-12, "trial " + trial + " " + d);
            }
        }
    }
}
