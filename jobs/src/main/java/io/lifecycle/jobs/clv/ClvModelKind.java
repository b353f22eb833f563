package io.lifecycle.jobs.clv;

import java.io.Serializable;
import java.util.List;

/**
 * How the job fits one of the three models from its sufficient-statistics rows (see {@link ClvStatistics})
 * and predicts its holdout metric.
 */
abstract class ClvModelKind {
    static final double DAYS_PER_WEEK = 7;

    /** A fitted model and its fit. */
    record Fitted(Serializable model, FitResult fit) {
    }

    /** Predicted and actual holdout metric over {@code customers} accounts; predicted NaN without a model. */
    record Holdout(long customers, double predicted, double actual) {
    }

    abstract String name();

    abstract String holdoutMetric();

    /** Accounts the rows stand for that the fit can use. */
    abstract long customers(List<double[]> rows);

    /** Fits, or throws (too few customers, no finite likelihood); a fit whose model is unusable also throws. */
    abstract Fitted fit(List<double[]> rows, int minCustomers);

    abstract Holdout holdout(Serializable model, List<double[]> holdoutRows, int holdoutDays);

    static final ClvModelKind SBG = new ClvModelKind() {
        String name() {
            return "sbg";
        }

        String holdoutMetric() {
            return "retention";
        }

        long customers(List<double[]> rows) {
            return rows.stream().mapToLong(r -> (long) r[2]).sum();
        }

        Fitted fit(List<double[]> rows, int minCustomers) {
            int periods = 2 + rows.stream().mapToInt(r -> (int) r[0]).max().orElse(0);
            long[] churned = new long[periods];
            long[] censored = new long[periods];
            for (double[] r : rows) {
                (r[1] == 1 ? churned : censored)[(int) r[0]] += (long) r[2];
            }
            SbgModel m = SbgModel.fitCensored(churned, censored, minCustomers);
            return new Fitted(m, m.fitResult().orElseThrow());
        }

        /** Retention: mean over accounts alive at C of S(n_D)/S(n_C), against the share alive at their last renewal. */
        Holdout holdout(Serializable model, List<double[]> rows, int holdoutDays) {
            long accounts = 0;
            double predicted = 0;
            double alive = 0;
            for (double[] r : rows) {
                accounts += (long) r[2];
                alive += r[3];
                if (model != null) {
                    SbgModel m = (SbgModel) model;
                    predicted += r[2] * m.survival((int) r[1]) / m.survival((int) r[0]);
                }
            }
            return ratio(accounts, model == null ? Double.NaN : predicted, alive, accounts);
        }
    };

    static final ClvModelKind BGNBD = new ClvModelKind() {
        String name() {
            return "bgnbd";
        }

        String holdoutMetric() {
            return "transactions";
        }

        long customers(List<double[]> rows) {
            return rows.stream().mapToLong(r -> (long) r[3]).sum();
        }

        Fitted fit(List<double[]> rows, int minCustomers) {
            int n = rows.size();
            int[] x = new int[n];
            double[] tx = new double[n];
            double[] t = new double[n];
            double[] w = new double[n];
            for (int i = 0; i < n; i++) {
                double[] r = rows.get(i);
                x[i] = (int) r[0];
                tx[i] = r[1] / DAYS_PER_WEEK;
                t[i] = r[2] / DAYS_PER_WEEK;
                w[i] = r[3];
            }
            BgNbdModel m = BgNbdModel.fitWeighted(x, tx, t, w, minCustomers);
            return new Fitted(m, m.fitResult().orElseThrow());
        }

        /** Transactions per account in the window: mean of E[Y(window) | x, t_x, T] at C, against the observed mean. */
        Holdout holdout(Serializable model, List<double[]> rows, int holdoutDays) {
            long accounts = 0;
            double predicted = 0;
            double actual = 0;
            for (double[] r : rows) {
                accounts += (long) r[3];
                actual += r[4];
                if (model != null) {
                    predicted += r[3] * ((BgNbdModel) model).conditionalExpectedPurchases(holdoutDays / DAYS_PER_WEEK,
                            (int) r[0], r[1] / DAYS_PER_WEEK, r[2] / DAYS_PER_WEEK);
                }
            }
            return ratio(accounts, model == null ? Double.NaN : predicted, actual, accounts);
        }
    };

    static final ClvModelKind GAMMA_GAMMA = new ClvModelKind() {
        String name() {
            return "gamma_gamma";
        }

        String holdoutMetric() {
            return "mean_spend";
        }

        long customers(List<double[]> rows) {
            return rows.stream().filter(r -> r[0] >= 1).mapToLong(r -> (long) r[2]).sum();
        }

        Fitted fit(List<double[]> rows, int minCustomers) {
            List<double[]> buyers = rows.stream().filter(r -> r[0] >= 1).toList();
            int n = buyers.size();
            int[] x = new int[n];
            double[] m = new double[n];
            double[] w = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = (int) buyers.get(i)[0];
                m[i] = buyers.get(i)[1];
                w[i] = buyers.get(i)[2];
            }
            GammaGammaModel model = GammaGammaModel.fitWeighted(x, m, w, minCustomers);
            if (!(model.q() > 1)) {
                throw new ClvInputException("Gamma-Gamma fit has q = " + model.q() + " <= 1: the mean spend is infinite");
            }
            return new Fitted(model, model.fitResult().orElseThrow());
        }

        /** Amount per holdout invoice: E[M | x, m_x] at C weighted by the account's holdout invoices, against the observed. */
        Holdout holdout(Serializable model, List<double[]> rows, int holdoutDays) {
            long accounts = 0;
            double invoices = 0;
            double predicted = 0;
            double amount = 0;
            for (double[] r : rows) {
                if (r[3] == 0) {
                    continue;
                }
                accounts += (long) r[2];
                invoices += r[3];
                amount += r[4];
                if (model != null) {
                    predicted += r[3] * ((GammaGammaModel) model).conditionalExpectedSpend((int) r[0], r[0] == 0 ? 1 : r[1]);
                }
            }
            return ratio(accounts, model == null ? Double.NaN : predicted, amount, invoices);
        }
    };

    static final List<ClvModelKind> ALL = List.of(SBG, BGNBD, GAMMA_GAMMA);

    private static Holdout ratio(long accounts, double predicted, double actual, double denominator) {
        if (denominator == 0) {
            return new Holdout(accounts, Double.NaN, Double.NaN);
        }
        return new Holdout(accounts, predicted / denominator, actual / denominator);
    }
}
