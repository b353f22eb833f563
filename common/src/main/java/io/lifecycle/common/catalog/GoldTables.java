package io.lifecycle.common.catalog;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.List;

import static io.lifecycle.common.catalog.CatalogRegistry.check;
import static io.lifecycle.common.catalog.CatalogRegistry.checked;
import static io.lifecycle.common.catalog.CatalogRegistry.define;
import static io.lifecycle.common.catalog.CatalogRegistry.withCurrentView;
import static io.lifecycle.common.catalog.ColumnTypes.BOOL;
import static io.lifecycle.common.catalog.ColumnTypes.DATE;
import static io.lifecycle.common.catalog.ColumnTypes.DOUBLE;
import static io.lifecycle.common.catalog.ColumnTypes.INT;
import static io.lifecycle.common.catalog.ColumnTypes.LONG;
import static io.lifecycle.common.catalog.ColumnTypes.MONEY;
import static io.lifecycle.common.catalog.ColumnTypes.STRING;
import static io.lifecycle.common.catalog.TableDef.column;

/** gold: the published tables for BI and notebooks (health, lifecycle, CLV, expansion, KPIs, briefs). */
public final class GoldTables {
    private GoldTables() {
    }


    /** One group of a health scorecard, as scored for one account (Delta allows no NOT NULL inside arrays). */
    private static final StructType HEALTH_GROUP_SCORE = new StructType(new StructField[] {
            column("group", STRING, true, "Measure group name from conf/scorecards.yaml."),
            column("score", DOUBLE, true, "Group score 0-100 (high = healthy): the measures with data averaged by "
                    + "their weights; null when none of the group's measures had data."),
            column("weight", DOUBLE, true, "Configured share of the group in the overall score: group weight / sum "
                    + "of the scorecard's group weights."),
            column("coverage", DOUBLE, true, "Share of the group's configured measure weight that had data.")});

    /** One measure of a health scorecard, as scored for one account. */
    private static final StructType HEALTH_MEASURE = new StructType(new StructField[] {
            column("measure", STRING, true, "Measure name (the feature name unless the scorecard names it)."),
            column("group", STRING, true, "Group the measure belongs to."),
            column("feature", STRING, true, "Column of silver.account_features_daily the measure reads."),
            column("raw_value", DOUBLE, true, "The feature's value; null when missing."),
            column("score", DOUBLE, true, "Normalised score 0-100 (linear, thresholds or segmentPercentile); null "
                    + "when raw_value is null."),
            column("weight", DOUBLE, true, "Configured share in the overall score: group share x measure weight / "
                    + "sum of the group's measure weights."),
            column("effective_weight", DOUBLE, true, "Share actually used after renormalising over the measures "
                    + "and groups with data (0 when missing); the effective weights of a row sum to 1."),
            column("contribution", DOUBLE, true, "effective_weight x score: the points this measure adds; they sum to "
                    + "the computed score."),
            column("points_lost", DOUBLE, true, "effective_weight x (100 - score): the points this measure costs.")});

    /** A measure that costs the account the most points. */
    private static final StructType HEALTH_DRIVER = new StructType(new StructField[] {
            column("measure", STRING, true, "Measure name."),
            column("feature", STRING, true, "Feature the measure reads."),
            column("raw_value", DOUBLE, true, "The feature's value."),
            column("points_lost", DOUBLE, true, "effective_weight x (100 - measure score).")});

    public static final TableDef ACCOUNT_HEALTH_DAILY = checked(define(Layer.GOLD, "account_health_daily",
            "One row per snapshot date and active account (customer_status = active): its health score 0-100 "
                    + "(high = healthy) from the scorecard of conf/scorecards.yaml its segment resolves to, the band, "
                    + "what drove it, and how it moved over 7, 30 and 90 days.",
            List.of("snapshot_date", "account_id"), "snapshot_date", List.of("snapshot_date"),
            column("snapshot_date", DATE, false, "As-of date (partition): scored from the features of that date only."),
            column("account_id", STRING, false, "Account."),
            column("segment", STRING, false, "Segment of the account."),
            column("scorecard", STRING, false, "Scorecard used (resolution rules of conf/scorecards.yaml, first "
                    + "match wins)."),
            column("scorecard_version", STRING, false, "Version of that scorecard as configured."),
            column("score", DOUBLE, true, "Health score 0-100, HIGH = HEALTHY: sum over the groups with data of "
                    + "group weight x group score / sum of those group weights; an override's score when one applies. "
                    + "Null when no measure had data."),
            column("band", STRING, false, "red, yellow, green or unknown: the computed band, capped by guard-rails, "
                    + "then replaced by an override in force."),
            column("coverage", DOUBLE, false, "Share of the scorecard's configured weight (measure share x group "
                    + "share) whose feature had data, 0-1; below minCoverage the band is unknown."),
            column("group_scores", DataTypes.createArrayType(HEALTH_GROUP_SCORE, true), false,
                    "Every group of the scorecard in configured order."),
            column("measures", DataTypes.createArrayType(HEALTH_MEASURE, true), false,
                    "Every measure of the scorecard in configured order."),
            column("top_drivers", DataTypes.createArrayType(HEALTH_DRIVER, true), false,
                    "Up to three measures with the most points_lost (> 0 only), most first."),
            column("guard_rail", STRING, true, "Name of the guard-rail that capped the computed band; null if none did."),
            column("computed_band", STRING, false, "Band from score and coverage alone, before guard-rails and "
                    + "overrides: unknown when coverage < minCoverage or no score, red when score < redBelow, green "
                    + "when score >= greenAtLeast, else yellow."),
            column("override_applied", BOOL, false, "Whether a row of the overrides CSV was in force on snapshot_date."),
            column("override_reason", STRING, true, "Reason given for the override."),
            column("override_owner", STRING, true, "Who set the override."),
            column("override_expires_on", DATE, true, "Last snapshot date the override applies to."),
            column("mrr", MONEY, true, "MRR in the reporting currency from the features (for MRR-weighted reports)."),
            column("score_7d_ago", DOUBLE, true, "score of the same account on snapshot_date - 7; null if not scored."),
            column("score_30d_ago", DOUBLE, true, "score on snapshot_date - 30; null if not scored."),
            column("score_90d_ago", DOUBLE, true, "score on snapshot_date - 90; null if not scored."),
            column("change_7d", DOUBLE, true, "score - score_7d_ago."),
            column("change_30d", DOUBLE, true, "score - score_30d_ago."),
            column("change_90d", DOUBLE, true, "score - score_90d_ago."),
            column("trend", STRING, true, "up when change_30d > trendFlatTolerance, down when < -trendFlatTolerance, "
                    + "else flat; null without score_30d_ago.")),
            check("score_0_100", "score IS NULL OR score BETWEEN 0 AND 100"),
            check("band_code", "band IN ('red', 'yellow', 'green', 'unknown') AND computed_band IN ('red', 'yellow', 'green', 'unknown')"),
            check("coverage_0_1", "coverage BETWEEN 0 AND 1"));


    public static final TableDef HEALTH_BACKTEST = checked(define(Layer.GOLD, "health_backtest",
            "One row per segment (and 'all'), month, churn horizon and population: how well the health score at "
                    + "the month's last scored day ranked the churn of the next horizon_days days, among every scored "
                    + "account and among those renewing within the horizon. Only months whose horizon has closed "
                    + "appear; recomputed over the whole history each run.",
            List.of("segment", "snapshot_month", "horizon_days", "population"), "computed_at_snapshot", List.of(),
            column("segment", STRING, false, "Segment of the accounts, or 'all' for every segment together."),
            column("snapshot_month", DATE, false, "First day of the month. The snapshot used is the month's last day "
                    + "that has rows in gold.account_health_daily (point in time: the score as it was that day)."),
            column("horizon_days", INT, false, "h: churn counts when a day in (D, D + h] has no paid term in force "
                    + "(D = the snapshot used); D + h <= computed_at_snapshot."),
            column("population", STRING, true, "Accounts the row counts: 'all' (every account scored on D) or "
                    + "'renewing' (billing_period monthly on D, or renewal_date <= D + h, both from "
                    + "silver.account_features_daily on D: the accounts whose renewal falls inside the horizon). Null "
                    + "only in rows written before populations existed, which counted every account (= 'all'); the "
                    + "next health run rewrites the whole table with a population on every row."),
            column("accounts", LONG, false, "Accounts scored on D (paid term in force), any band including unknown."),
            column("churn_events", LONG, false, "Of accounts, those with a day in (D, D + h] without a paid term in force."),
            column("roc_auc", DOUBLE, true, "ROC AUC of -score for churn (low health predicts churn): P(a churned "
                    + "account scored lower than a retained one), ties 1/2 (Mann-Whitney, mid-ranks), scores rounded to "
                    + "0.1. Null when no churn or no retained account."),
            column("top_decile_lift", DOUBLE, true, "(Churn rate among the 10% of accounts with the lowest score) / "
                    + "(churn_events / accounts). The 10% is exactly 0.1 x accounts: scores rounded to 0.1, and a tied "
                    + "group at the boundary counts pro rata at its own churn rate. Null when no churn."),
            column("churn_rate_red", DOUBLE, true, "Churned / accounts among band red on D; null when no red account."),
            column("churn_rate_yellow", DOUBLE, true, "Churned / accounts among band yellow on D; null when none."),
            column("churn_rate_green", DOUBLE, true, "Churned / accounts among band green on D; null when none."),
            column("accounts_red", LONG, false, "Accounts in band red on D."),
            column("accounts_yellow", LONG, false, "Accounts in band yellow on D."),
            column("accounts_green", LONG, false, "Accounts in band green on D (unknown: in no band count)."),
            column("churned_mrr", MONEY, false, "Sum of mrr on D (reporting currency) of the churned accounts."),
            column("churned_mrr_red_or_yellow_share", DOUBLE, true, "Sum of mrr on D of churned accounts in band red "
                    + "or yellow on D / churned_mrr; null when churned_mrr = 0."),
            column("scorecard_version", STRING, true, "Scorecard version of the scores on D; if several, the one of "
                    + "the most accounts (ties: the greatest version string)."),
            column("computed_at_snapshot", DATE, false, "Snapshot date of the run that computed the row (its data end).")),
            check("auc_0_1", "roc_auc IS NULL OR roc_auc BETWEEN 0 AND 1"),
            check("churn_within_accounts", "churn_events BETWEEN 0 AND accounts"),
            check("population_known", "population IS NULL OR population IN ('all', 'renewing')"));

    public static final TableDef HEALTH_WEIGHT_SUGGESTIONS = checked(define(Layer.GOLD, "health_weight_suggestions",
            "One row per run, segment and scorecard measure: measure weights learned from churn (suggestions for "
                    + "people tuning conf scorecards; nothing reads them back). Per segment an L2-regularised "
                    + "logistic regression of churn within horizon_days on the measure scores (0-100; a missing score "
                    + "imputed with the mean of the segment's scores of that measure on the same snapshot, else 50), "
                    + "fitted on the month-end snapshots of all closed months pooled.",
            List.of("computed_at_snapshot", "segment", "measure"), "computed_at_snapshot", List.of("computed_at_snapshot"),
            column("computed_at_snapshot", DATE, false, "Snapshot date of the run (data end: D + horizon_days <= it)."),
            column("segment", STRING, false, "Segment the model was fitted on."),
            column("scorecard", STRING, true, "Scorecard of the segment on the newest closed snapshot (most accounts)."),
            column("scorecard_version", STRING, true, "Its version on that snapshot (most accounts)."),
            column("measure", STRING, false, "Measure of the scorecard (one model feature)."),
            column("horizon_days", INT, false, "Churn horizon of the labels (days)."),
            column("configured_weight", DOUBLE, true, "Configured overall weight share (group weight share x weight "
                    + "share within the group): the measures-array weight of the measure on the newest closed snapshot "
                    + "(mean over the accounts of that scorecard and version; read as the measure's overall configured "
                    + "weight, before re-normalising for missing features) / the sum of those over the scorecard's "
                    + "measures, so a segment's shares sum to 1. Null when no such account carried the measure."),
            column("suggested_weight", DOUBLE, true, "max(0, -coefficient) x std of the measure score over the "
                    + "training rows, divided by the sum over the segment's measures (sums to 1); 0 for a measure whose "
                    + "higher score goes with more churn. Null when no model could be fitted."),
            column("coefficient", DOUBLE, true, "Logistic regression coefficient of the measure score (per point, "
                    + "original scale; standardisation on, elasticNetParam 0, regParam from the run)."),
            column("direction_ok", BOOL, true, "coefficient <= 0: a higher measure score goes with less churn."),
            column("configured_auc", DOUBLE, true, "ROC AUC of -score (the configured health score) for churn on the "
                    + "training rows (scores rounded to 0.01)."),
            column("suggested_auc", DOUBLE, true, "ROC AUC of -sum(suggested_weight x measure score) for churn on the "
                    + "same rows (in-sample, scores rounded to 0.01)."),
            column("suggested_auc_holdout", DOUBLE, true, "Time split: weights fitted on the older closed months, AUC "
                    + "of their suggested score on the newest closed month. Null with fewer than two closed months or "
                    + "without churn or retained accounts on either side."),
            column("accounts", LONG, false, "Training rows: (month-end snapshot, account) pairs of the segment."),
            column("churn_events", LONG, false, "Training rows that churned within horizon_days.")),
            check("suggested_weight_not_negative", "suggested_weight IS NULL OR suggested_weight >= 0"));


    public static final TableDef ACCOUNT_LIFECYCLE_DAILY = withCurrentView(checked(define(Layer.GOLD, "account_lifecycle_daily",
            "One row per snapshot date and account created by it, and per lead open on it (not converted by then), "
                    + "except lost leads and churned accounts in the stage for more than retireAfterDays of "
                    + "conf/lifecycle.yaml (they get rows again when they come back): its one lifecycle stage, the rule "
                    + "that put it there, and the state a night carries to the next (a night reads each entity's "
                    + "newest earlier row). The _current view keeps the last row of such retired entities.",
            List.of("snapshot_date", "account_id", "lead_id"), "snapshot_date", List.of("snapshot_date"),
            column("snapshot_date", DATE, false, "As-of date (partition): only data dated on or before it is used."),
            column("account_id", STRING, true, "Account; null for a lead not yet converted."),
            column("lead_id", STRING, true, "Lead: the open lead, or the lead the account converted from (null when "
                    + "the account has none)."),
            column("segment", STRING, false, "Segment of the account; leads, without account attributes, are in the "
                    + "default segment of application.yaml."),
            column("stage", STRING, false, "awareness (a lead exists), conversion (a trial is in force), onboarding "
                    + "(paying, not yet activated), engaged (activated and in use), renewal (inside the renewal "
                    + "window: the contract window alone), dormant (paying, no event for dormancyDays), churned (paid "
                    + "before, no paid term in force) or lost (a lead or trial that never converted)."),
            column("rule", STRING, false, "The rule that put it there: lead_open, lead_trial, lead_timeout, "
                    + "account_without_purchase, trial_in_force, trial_ended_without_purchase, no_paid_term, "
                    + "no_activity, renewal_window, activated, not_yet_activated or activation_overdue (advocate: "
                    + "rows written before advocacy became is_advocate)."),
            column("entered_on", DATE, false, "First snapshot date of the current uninterrupted stay in the stage "
                    + "(the first date the entity was seen, if it never changed stage)."),
            column("days_in_stage", INT, false, "snapshot_date - entered_on."),
            column("previous_stage", STRING, true, "Stage before the current one; null if none was seen."),
            column("entry_trigger", STRING, true, "Trigger of the transition into the current stage (see "
                    + "gold.lifecycle_transitions.trigger); null if none was seen."),
            column("days_in_previous_stage", INT, true, "Days spent in previous_stage: entered_on - the date it was "
                    + "entered."),
            column("activated", BOOL, false, "Paying and activated: on some snapshot since the latest first payment "
                    + "(or expansion) seat_utilisation >= activation.minSeatShare and key_features_used_30d >= "
                    + "activation.minKeyFeatures, with tenure_days >= activation.minTenureDays."),
            column("activated_on", DATE, true, "Snapshot date the account was activated; null if not activated."),
            column("renewals", INT, false, "Contract renewals seen since the latest first payment: snapshots on "
                    + "which next_renewal_date moved later while a paid term stayed in force."),
            column("next_renewal_date", DATE, true, "Next contract renewal (paying only): annual billing the "
                    + "features' renewal_date, monthly billing the next yearly anniversary of first_paid_date."),
            column("green_since", DATE, true, "First date of the current run of snapshots with health band green "
                    + "(gold.account_health_daily); null when not green today."),
            column("seats", INT, true, "Seats of the paid terms in force (for expansion at renewal)."),
            column("mrr", MONEY, true, "MRR in the reporting currency of the paid terms in force (MRR at stake)."),
            column("is_advocate", BOOL, true, "A paying account (any stage) meeting every criterion of the advocate "
                    + "block of conf/lifecycle.yaml: tenure_days, days green (snapshot_date - green_since), latest "
                    + "NPS and renewals at least the configured ones; false for leads and non-paying accounts; null "
                    + "in rows written before the column existed.")),
            check("stage_code", "stage IN ('awareness', 'conversion', 'onboarding', 'engaged', 'renewal', 'dormant', 'churned', 'lost')"),
            check("account_or_lead", "account_id IS NOT NULL OR lead_id IS NOT NULL"),
            check("days_in_stage_from_entered_on", "days_in_stage = datediff(snapshot_date, entered_on)")),
            new TableDef.CurrentView("coalesce('lead:' || lead_id, 'account:' || account_id)",
                    "stage IN ('lost', 'churned')", "the newest date's rows, plus the last row of each lost lead "
                    + "and churned account that no longer gets daily rows"));

    public static final TableDef LIFECYCLE_TRANSITIONS = checked(define(Layer.GOLD, "lifecycle_transitions",
            "One row per stage change of an account or lead, dated the snapshot on which the new stage was first "
                    + "seen; the same rows whether the dates were computed in one pass or night by night.",
            List.of("transition_date", "account_id", "lead_id"), "transition_date", List.of("transition_date"),
            column("transition_date", DATE, false, "Snapshot date on which to_stage was first seen (partition)."),
            column("account_id", STRING, true, "Account; null for a lead not yet converted."),
            column("lead_id", STRING, true, "The open lead, or the lead the account converted from."),
            column("segment", STRING, false, "Segment on transition_date."),
            column("from_stage", STRING, false, "Stage on the previous snapshot."),
            column("to_stage", STRING, false, "Stage on transition_date."),
            column("trigger", STRING, false, "trial_started, first_payment (a first paid term, or a new one after "
                    + "churn), activated, renewal_window_opened, renewed, expanded (renewed with more seats or MRR: "
                    + "back to onboarding), went_dormant, reactivated, churned or lead_lost; advocate_qualified and "
                    + "advocate_lapsed only in rows written before advocacy became is_advocate."),
            column("rule", STRING, false, "Rule of to_stage (gold.account_lifecycle_daily.rule)."),
            column("days_in_previous_stage", INT, false, "Days from entering from_stage to transition_date.")),
            check("stage_codes", "from_stage IN ('awareness', 'conversion', 'onboarding', 'engaged', 'renewal', 'dormant', 'churned', 'lost') AND to_stage IN ('awareness', 'conversion', 'onboarding', 'engaged', 'renewal', 'dormant', 'churned', 'lost')"),
            check("days_in_previous_stage_not_negative", "days_in_previous_stage >= 0"));

    /** One driver of the lifecycle map: a feature and how strongly it separates advancing from exiting. */
    private static final StructType LIFECYCLE_DRIVER = new StructType(new StructField[] {
            column("feature", STRING, true, "Column of silver.account_features_daily."),
            column("effect_size", DOUBLE, true, "Cohen's d: (mean among advancers - mean among exiters) / pooled "
                    + "standard deviation."),
            column("direction", STRING, true, "higher_advances (effect_size > 0) or higher_exits.")});

    public static final TableDef LIFECYCLE_MAP = checked(define(Layer.GOLD, "lifecycle_map",
            "One row per snapshot date, segment and stage: how many accounts and open leads are in the stage, how "
                    + "long they have been there, and what became of those in it at the cohort date (the newest "
                    + "snapshot on or before snapshot_date - 90 days, at most 120 days back) by snapshot_date.",
            List.of("snapshot_date", "segment", "stage"), "snapshot_date", List.of("snapshot_date"),
            column("snapshot_date", DATE, false, "As-of date (partition)."),
            column("segment", STRING, false, "Segment (open leads: the default segment)."),
            column("stage", STRING, false, "Stage code (gold.account_lifecycle_daily.stage)."),
            column("accounts_in_stage", LONG, false, "Accounts and open leads in the stage on snapshot_date."),
            column("median_days_in_stage", DOUBLE, true, "Exact median of days_in_stage over them; null when none."),
            column("p90_days_in_stage", DOUBLE, true, "Exact 90th percentile of days_in_stage (linear "
                    + "interpolation, Spark percentile); null when none."),
            column("cohort_date", DATE, true, "Snapshot the forward rates start from; null when no snapshot lies "
                    + "90 to 120 days before snapshot_date."),
            column("cohort_accounts", LONG, false, "Accounts and open leads in the stage on cohort_date (0 without one)."),
            column("advance_rate_90d", DOUBLE, true, "Share of cohort_accounts whose first transition in (cohort_date, "
                    + "snapshot_date] moved forward along the cycle: trigger trial_started, first_payment, activated, "
                    + "renewal_window_opened, advocate_qualified, renewed, expanded or reactivated."),
            column("stay_rate_90d", DOUBLE, true, "Share of cohort_accounts with no transition in that interval."),
            column("exit_rate_90d", DOUBLE, true, "Share whose first transition went to churned or lost. The rest "
                    + "(1 - advance - stay - exit) first went dormant or lapsed as advocates."),
            column("top_drivers", DataTypes.createArrayType(LIFECYCLE_DRIVER, true), true, "Up to 3 features of "
                    + "silver.account_features_daily on cohort_date that best separate the cohort's accounts that "
                    + "advanced from those that exited, largest |effect_size| first; null unless at least 5 of each."),
            column("best_channel", STRING, true, "Touchpoint channel with the highest response rate among touches in "
                    + "the 90 days ending on snapshot_date to the accounts in the stage on snapshot_date (at least 5 "
                    + "touches; ties: more touches, then name); null when none qualifies."),
            column("best_channel_response_rate", DOUBLE, true, "Responded / touches of best_channel.")),
            check("rates_0_1", "cohort_accounts = 0 OR (advance_rate_90d BETWEEN 0 AND 1 AND stay_rate_90d BETWEEN 0 AND 1 AND exit_rate_90d BETWEEN 0 AND 1)"),
            check("rates_sum_at_most_1", "cohort_accounts = 0 OR advance_rate_90d + stay_rate_90d + exit_rate_90d <= 1.000001"));

    public static final TableDef DORMANT_ACCOUNTS = checked(define(Layer.GOLD, "dormant_accounts",
            "One row per snapshot date and account in stage dormant: paying, without a product event for "
                    + "dormancyDays of conf/lifecycle.yaml; with the MRR at stake and the channel to try.",
            List.of("snapshot_date", "account_id"), "snapshot_date", List.of("snapshot_date"),
            column("snapshot_date", DATE, false, "As-of date (partition)."),
            column("account_id", STRING, false, "Account."),
            column("segment", STRING, false, "Segment of the account."),
            column("dormant_since", DATE, false, "Snapshot on which the account entered dormant (entered_on)."),
            column("days_inactive", INT, true, "snapshot_date - last_active_date; null if never active."),
            column("last_active_date", DATE, true, "Latest day with a product event; null if never active."),
            column("mrr_at_stake", MONEY, true, "MRR in the reporting currency of the paid terms in force."),
            column("best_channel", STRING, true, "The segment's touchpoint channel with the highest response rate "
                    + "over the 90 days ending on snapshot_date (at least 5 touches; ties: more touches, then name); "
                    + "null when no channel qualifies."),
            column("best_channel_response_rate", DOUBLE, true, "Responded / touches of best_channel in that window."),
            column("segment_reactivations", LONG, false, "Reactivations (gold.lifecycle_transitions, trigger "
                    + "reactivated) of the segment's accounts dated from snapshot_date - 454 to snapshot_date - 90: "
                    + "the last 365 days of reactivations whose 90 days have passed. The same on every row of the "
                    + "segment and date."),
            column("segment_reactivations_active_90d", LONG, false, "Of those, the ones whose account was active 90 "
                    + "days after reactivating: the to_stage of its last transition in (reactivated, reactivated + "
                    + "90 days] is neither dormant nor churned (no transition: still active)."),
            column("segment_reactivation_retention_90d", DOUBLE, true, "segment_reactivations_active_90d / "
                    + "segment_reactivations; null when there were none.")),
            check("days_inactive_not_negative", "days_inactive IS NULL OR days_inactive >= 0"),
            check("reactivation_retention_0_1", "segment_reactivation_retention_90d IS NULL OR segment_reactivation_retention_90d BETWEEN 0 AND 1"));

    public static final TableDef ADVOCATES = checked(define(Layer.GOLD, "advocates",
            "One row per snapshot date and account meeting every advocate criterion of conf/lifecycle.yaml "
                    + "(is_advocate of gold.account_lifecycle_daily, in any stage), with the evidence.",
            List.of("snapshot_date", "account_id"), "snapshot_date", List.of("snapshot_date"),
            column("snapshot_date", DATE, false, "As-of date (partition)."),
            column("account_id", STRING, false, "Account."),
            column("segment", STRING, false, "Segment of the account."),
            column("first_paid_date", DATE, true, "Start of the account's first paid term."),
            column("tenure_days", INT, true, "snapshot_date - first_paid_date (>= advocate.minTenureDays)."),
            column("green_since", DATE, false, "First date of the current run of snapshots in health band green."),
            column("days_green", INT, false, "snapshot_date - green_since (>= advocate.minHealthyDays)."),
            column("latest_nps", INT, true, "Latest NPS answer on or before snapshot_date (>= advocate.minNps)."),
            column("renewals", INT, false, "Contract renewals since the latest first payment (>= advocate.minRenewals)."),
            column("mrr", MONEY, true, "MRR in the reporting currency.")),
            check("nps_0_10", "latest_nps IS NULL OR latest_nps BETWEEN 0 AND 10"),
            check("days_green_not_negative", "days_green >= 0"));

    public static final TableDef CHANNEL_EFFECTIVENESS = checked(define(Layer.GOLD, "channel_effectiveness",
            "One row per snapshot date, segment, stage and touchpoint channel: touches whose 30 days after had "
                    + "passed by snapshot_date (touched from snapshot_date - 119 to snapshot_date - 30), how many "
                    + "were answered, and the change in active days after an answered touch against untouched "
                    + "accounts of the same segment and stage. Active days: days with at least one product event; "
                    + "the change around an anchor day a is the active days in [a + 1, a + 30] minus those in "
                    + "[a - 30, a - 1].",
            List.of("snapshot_date", "segment", "stage", "channel"), "snapshot_date", List.of("snapshot_date"),
            column("snapshot_date", DATE, false, "As-of date (partition)."),
            column("segment", STRING, false, "Segment of the touched accounts on the stage snapshot."),
            column("stage", STRING, false, "Stage of the touched account on the newest lifecycle snapshot on or "
                    + "before the touch day, at most 31 days older (touches without one are left out)."),
            column("channel", STRING, false, "Touchpoint channel."),
            column("touches", LONG, false, "Touches of the channel to accounts in the segment and stage, touched "
                    + "from snapshot_date - 119 to snapshot_date - 30."),
            column("responded_touches", LONG, false, "Of those, the ones the account responded to."),
            column("response_rate", DOUBLE, true, "responded_touches / touches."),
            column("responded_activity_change", DOUBLE, true, "Mean over answered touches of (active days in the 30 "
                    + "days after the touch day - active days in the 30 days before it), touch day excluded; range "
                    + "-30 to 30; null without answered touches."),
            column("untouched_accounts", LONG, false, "Accounts in the segment and stage on the comparison snapshot "
                    + "r (the newest lifecycle snapshot from snapshot_date - 61 to snapshot_date - 30) with no touch "
                    + "of any channel in [r - 30, r + 30]; 0 without such a snapshot."),
            column("untouched_activity_change", DOUBLE, true, "Mean over them of (active days in [r + 1, r + 30] - "
                    + "active days in [r - 30, r - 1]); null when there are none."),
            column("activity_uplift", DOUBLE, true, "responded_activity_change - untouched_activity_change: active "
                    + "days in 30 gained by answering a touch of this channel beyond the drift of untouched accounts; "
                    + "null when either is null.")),
            check("responded_within_touches", "responded_touches BETWEEN 0 AND touches"),
            check("response_rate_0_1", "response_rate IS NULL OR response_rate BETWEEN 0 AND 1"));


    /** The parameters of the three CLV models in one struct (a struct, not a map, so rows sort and compare). */
    private static final StructType CLV_PARAMS = new StructType(new StructField[] {
            column("alpha", DOUBLE, true, "sbg alpha or bgnbd alpha."), column("beta", DOUBLE, true, "sbg beta."),
            column("r", DOUBLE, true, "bgnbd r."), column("a", DOUBLE, true, "bgnbd a."), column("b", DOUBLE, true, "bgnbd b."),
            column("p", DOUBLE, true, "gamma_gamma p."), column("q", DOUBLE, true, "gamma_gamma q."),
            column("gamma", DOUBLE, true, "gamma_gamma gamma.")});

    public static final TableDef CLV_MODELS = checked(define(Layer.GOLD, "clv_models",
            "One row per snapshot date, segment and CLV model (sbg, bgnbd, gamma_gamma): the fitted parameters the "
                    + "job scored that segment with, how the fit went, and a holdout check; refitted every night.",
            List.of("snapshot_date", "segment", "model"), "snapshot_date", List.of("snapshot_date"),
            column("snapshot_date", DATE, false, "As-of date: the fit uses only data dated on or before it."),
            column("segment", STRING, false, "Segment the model scores."),
            column("model", STRING, false, "sbg (subscription renewals, periods of clv.yaml periodMonths), bgnbd "
                    + "(one-off invoices, time in weeks since account creation) or gamma_gamma (one-off invoice "
                    + "amounts, reporting currency)."),
            column("model_id", STRING, false, "<model>/<segment or pooled>/<snapshot_date>: the fit used, as named "
                    + "in gold.account_clv."),
            column("fit_scope", STRING, false, "segment (fitted on the segment's own customers), pooled (the segment "
                    + "had fewer than minCustomers or its fit failed: fitted on all segments) or none (no fit possible)."),
            column("params", CLV_PARAMS, true, "Maximum-likelihood estimates, the model's fields set and the others "
                    + "null: sbg alpha, beta; bgnbd r, alpha, a, b; gamma_gamma p, q, gamma. Null when fit_scope = none."),
            column("std_errors", CLV_PARAMS, true, "Standard errors of params from the observed information (null "
                    + "field: information matrix not positive definite)."),
            column("log_likelihood", DOUBLE, true, "Maximised log-likelihood of the fit."),
            column("n", LONG, false, "Customers the fit used (all segments when pooled)."),
            column("segment_customers", LONG, false, "Customers of this segment eligible for the model."),
            column("converged", BOOL, false, "Whether the optimiser settled with a positive-definite information matrix."),
            column("iterations", INT, true, "Nelder-Mead iterations of the fit."),
            column("fit_ms", LONG, true, "Wall-clock time of the fit in milliseconds (the one column a re-run changes)."),
            column("holdout_metric", STRING, false, "sbg: retention = share of accounts alive at D - holdoutDays still "
                    + "alive at their last renewal on or before D; bgnbd: transactions = one-off invoices in "
                    + "(D - holdoutDays, D] per account created by D - holdoutDays; gamma_gamma: mean_spend = amount "
                    + "per one-off invoice in that window."),
            column("holdout_customers", LONG, false, "Accounts in the holdout comparison."),
            column("holdout_predicted", DOUBLE, true, "The metric predicted by a fit on data up to D - holdoutDays "
                    + "(sbg: mean of S(n_D)/S(n_C); bgnbd: mean of E[Y(holdout) | x, t_x, T]; gamma_gamma: "
                    + "E[M | x, m_x] averaged over holdout invoices). Null when no holdout fit was possible."),
            column("holdout_actual", DOUBLE, true, "The metric observed over (D - holdoutDays, D]."),
            column("message", STRING, true, "Why the segment fell back to the pooled fit or has none.")),
            check("customers_not_negative", "n >= 0 AND segment_customers >= 0"));

    public static final TableDef ACCOUNT_CLV = checked(define(Layer.GOLD, "account_clv",
            "One row per snapshot date and account with a subscription term in force (paid or trial): its "
                    + "residual customer lifetime value from the segment's models in gold.clv_models.",
            List.of("snapshot_date", "account_id"), "snapshot_date", List.of("snapshot_date"),
            column("snapshot_date", DATE, false, "As-of date: only data dated on or before it is used."),
            column("account_id", STRING, false, "Account."),
            column("segment", STRING, false, "Segment of the account."),
            column("customer_status", STRING, false, "active (a paid term in force on snapshot_date) or trial."),
            column("mrr_reporting", MONEY, false, "Current MRR: sum of mrr_reporting of the paid terms in force."),
            column("renewals", INT, false, "n: whole sBG periods since the account's first paid term started."),
            column("gross_margin", DOUBLE, false, "Gross margin of the segment from conf/clv.yaml."),
            column("derl", DOUBLE, true, "Discounted expected residual lifetime in periods, DERL(d | alpha, beta, n) "
                    + "(Fader & Hardie 2010) at the period discount rate d = (1 + annualDiscountRate)^(P/12) - 1; "
                    + "the next renewal counts undiscounted. Null without an sBG fit."),
            column("subscription_residual_value", MONEY, true, "mrr_reporting x periodMonths x gross_margin x derl: "
                    + "margin of the renewals still to come, paid at the start of each period."),
            column("transactions", INT, false, "x: one-off invoices since the account was created (BG/NBD input)."),
            column("probability_alive", DOUBLE, true, "BG/NBD P(alive | x, t_x, T) for one-off purchasing (1 when "
                    + "x = 0)."),
            column("expected_transactions", DOUBLE, true, "BG/NBD E[Y(h) | x, t_x, T]: one-off invoices expected over "
                    + "the horizon h of clv.yaml horizonMonths."),
            column("expected_spend", DOUBLE, true, "Gamma-Gamma E[M | x, m_x] per one-off invoice (the population "
                    + "mean p gamma / (q - 1) when x = 0), reporting currency."),
            column("transactional_value", MONEY, true, "expected_transactions x expected_spend x gross_margin x "
                    + "(1 + annualDiscountRate)^(-horizonMonths / 24): discounted to the middle of the horizon."),
            column("total_clv", MONEY, true, "subscription_residual_value + transactional_value; null when either "
                    + "is (no fit for the date)."),
            column("sbg_model_id", STRING, true, "gold.clv_models model_id of the sBG fit used."),
            column("bgnbd_model_id", STRING, true, "gold.clv_models model_id of the BG/NBD fit used."),
            column("gamma_gamma_model_id", STRING, true, "gold.clv_models model_id of the Gamma-Gamma fit used.")),
            check("probability_alive_0_1", "probability_alive IS NULL OR probability_alive BETWEEN 0 AND 1"),
            check("clv_not_negative", "coalesce(total_clv, 0) >= 0 AND coalesce(subscription_residual_value, 0) >= 0 AND coalesce(transactional_value, 0) >= 0"),
            check("mrr_not_negative", "mrr_reporting >= 0"));


    /** A feature that moved one account's expansion score, with its signed contribution. */
    private static final StructType EXPANSION_DRIVER = new StructType(new StructField[] {
            column("feature", STRING, true, "Model feature (a column of silver.account_features_daily, a health "
                    + "group, a lifecycle stage or segment indicator, or a <feature>_missing indicator)."),
            column("value", DOUBLE, true, "The account's value of the feature (missing values as 0)."),
            column("contribution", DOUBLE, true, "Signed contribution to the log-odds of the uncalibrated score: "
                    + "logistic regression beta x (value - training mean); gradient-boosted trees the path "
                    + "attribution (Saabas) x 2. Positive raises the propensity.")});

    /** One equal-width probability bin of a calibration table. */
    private static final StructType CALIBRATION_BIN = new StructType(new StructField[] {
            column("bin", INT, true, "Bin number from 0: propensities in [bin / bins, (bin + 1) / bins), the last "
                    + "bin closed at 1."),
            column("lower", DOUBLE, true, "Lower edge of the bin."),
            column("upper", DOUBLE, true, "Upper edge of the bin."),
            column("accounts", LONG, true, "Validation rows (account and snapshot) in the bin."),
            column("mean_predicted", DOUBLE, true, "Mean calibrated propensity in the bin; null when empty."),
            column("observed_rate", DOUBLE, true, "Share of those rows that expanded; null when empty.")});

    public static final TableDef ACCOUNT_EXPANSION = checked(define(Layer.GOLD, "account_expansion",
            "One row per snapshot date and account active on it: the calibrated probability that it expands (more "
                    + "seats, a higher plan, another product, in its own currency) within the horizon of "
                    + "conf/expansion.yaml, from the model current on snapshot_date (the newest trained by then), "
                    + "with what drove it. A segment whose model failed the floors (or when no model could be trained "
                    + "yet) gets its base rate instead (model_status baseline).",
            List.of("snapshot_date", "account_id"), "snapshot_date", List.of("snapshot_date"),
            column("snapshot_date", DATE, false, "As-of date (partition): scored from the features, health and "
                    + "lifecycle stage of that date only."),
            column("account_id", STRING, false, "Account."),
            column("segment", STRING, false, "Segment of the account."),
            column("propensity", DOUBLE, true, "Probability (0-1) of an expansion within horizonDays. model_status "
                    + "model: the model's raw score through the isotonic calibration fitted on the validation "
                    + "period; baseline: the segment's base rate (share of its labelled training rows that "
                    + "expanded); no_history: null."),
            column("raw_score", DOUBLE, true, "Uncalibrated probability of the classifier; null unless model_status "
                    + "is model."),
            column("decile", INT, true, "Decile of propensity within snapshot date and segment, 1-10, 10 the most "
                    + "likely (ties by account_id); null unless model_status is model."),
            column("expected_expansion_mrr", DOUBLE, true, "propensity x the segment's mean constant-currency MRR "
                    + "uplift over the horizon among labelled accounts that expanded (reporting currency); null when "
                    + "propensity is."),
            column("mrr", MONEY, true, "Current MRR in the reporting currency (silver.account_features_daily)."),
            column("top_drivers", DataTypes.createArrayType(EXPANSION_DRIVER, true), false,
                    "Up to three features with the largest absolute contribution, largest first; empty unless "
                    + "model_status is model."),
            column("model_version", STRING, false, "Version of the model current on snapshot_date "
                    + "(gold.expansion_model_metrics; a baseline entry has no metrics rows)."),
            column("model_status", STRING, true, "model (the segment's model passed the floors), baseline (it did "
                    + "not, or no model could be trained yet: propensity = base rate) or no_history (no labelled "
                    + "snapshot yet: propensity null). Null in rows written before it existed.")),
            check("propensity_0_1", "(propensity IS NULL OR propensity BETWEEN 0 AND 1) AND (raw_score IS NULL OR raw_score BETWEEN 0 AND 1)"),
            check("decile_1_10", "decile IS NULL OR decile BETWEEN 1 AND 10"),
            check("expected_mrr_not_negative", "expected_expansion_mrr IS NULL OR expected_expansion_mrr >= 0"));

    public static final TableDef EXPANSION_MODEL_METRICS = checked(define(Layer.GOLD, "expansion_model_metrics",
            "One row per trained expansion model and segment (and 'all'): how it did on the validation period, the "
                    + "newest labelled snapshots, not used to fit it. Propensities are cross-fitted (each half of "
                    + "the accounts calibrated on the other half).",
            List.of("model_version", "segment"), "trained_as_of", List.of(),
            column("model_version", STRING, false, "Model version: yyyyMMdd of trained_as_of and a hash of config "
                    + "and features; saved under <lakehouse>/models/expansion/<model_version>/."),
            column("trained_as_of", DATE, false, "Snapshot date of the run that trained it."),
            column("segment", STRING, false, "Segment, or all."),
            column("model_kind", STRING, false, "gradient_boosted_trees or logistic_regression: the candidate kept "
                    + "(higher validation ROC AUC)."),
            column("passed_floors", BOOL, false, "Whether the segment's model met the floors of conf/expansion.yaml "
                    + "(validation roc_auc >= floors.minRocAuc and brier_skill > 0) and scores it; for 'all': whether "
                    + "any segment did."),
            column("validation_from", DATE, false, "First validation snapshot date."),
            column("validation_to", DATE, false, "Last validation snapshot date."),
            column("accounts", LONG, false, "Validation rows (account and snapshot)."),
            column("expansion_events", LONG, false, "Of those, rows that expanded within the horizon."),
            column("roc_auc", DOUBLE, true, "ROC AUC of the propensity (Mann-Whitney, ties one half); null without "
                    + "events or non-events."),
            column("pr_auc", DOUBLE, true, "Average precision: sum over propensity steps, highest first, of (events "
                    + "in step / events) x precision; null without events."),
            column("brier", DOUBLE, true, "Brier score: mean of (propensity - outcome)^2."),
            column("ece", DOUBLE, true, "Expected calibration error: sum over the calibration bins of (rows in bin / "
                    + "rows) x |mean propensity - observed rate|."),
            column("calibration", DataTypes.createArrayType(CALIBRATION_BIN, true), false,
                    "Predicted against observed by equal-width bin (calibrationBins of conf/expansion.yaml)."),
            column("brier_skill", DOUBLE, true, "Brier skill score against the base-rate forecast: 1 - brier / "
                    + "Brier of forecasting base_rate for every validation row (b^2 - 2 b y + y, y the validation "
                    + "event rate); > 0 means better than the base rate. Null when undefined or in older rows."),
            column("base_rate", DOUBLE, true, "Share of the segment's training rows that expanded (for a segment "
                    + "absent from training: of all rows); a failing segment is scored with it."),
            column("model_status", STRING, true, "model (scores the segment) or baseline (the segment gets base_rate); "
                    + "null for 'all' and in older rows.")),
            check("metrics_0_1", "coalesce(roc_auc, 0) BETWEEN 0 AND 1 AND coalesce(pr_auc, 0) BETWEEN 0 AND 1 AND coalesce(brier, 0) BETWEEN 0 AND 1 AND coalesce(ece, 0) BETWEEN 0 AND 1"),
            check("events_within_accounts", "expansion_events BETWEEN 0 AND accounts"));

    public static final TableDef FEATURE_ADOPTION_OPPORTUNITIES = checked(define(Layer.GOLD, "feature_adoption_opportunities",
            "One row per snapshot date, active account and key feature of its plan it did not use in the last 30 "
                    + "days, ranked: the features it already pays for that comparable accounts adopted, and how "
                    + "their health moved after.",
            List.of("snapshot_date", "account_id", "feature"), "snapshot_date", List.of("snapshot_date"),
            column("snapshot_date", DATE, false, "As-of date (partition)."),
            column("account_id", STRING, false, "Account."),
            column("segment", STRING, false, "Segment of the account."),
            column("feature", STRING, false, "Key feature of the account's plan (keyFeatures of conf/features.yaml) "
                    + "without an event in the 30 days ending on snapshot_date."),
            column("opportunity_rank", INT, false, "1 = best: by segment_adoption_rate, then health_lift_90d, then "
                    + "feature name; at most maxOpportunities of conf/expansion.yaml per account."),
            column("segment_adoption_rate", DOUBLE, false, "Share of the segment's active accounts with the feature "
                    + "among their plan's key features that used it in the 30 days ending on snapshot_date."),
            column("segment_adopters_90d", LONG, false, "Active accounts of the segment that adopted it lately: used "
                    + "it in the 30 days ending on snapshot_date but not in the 30 days ending 90 days earlier."),
            column("health_change_adopters_90d", DOUBLE, true, "Mean change_90d of the health score of those "
                    + "adopters; null when none has a score 90 days back."),
            column("health_change_others_90d", DOUBLE, true, "Mean change_90d of the segment's active accounts "
                    + "that used it in neither window."),
            column("health_lift_90d", DOUBLE, true, "health_change_adopters_90d - health_change_others_90d.")),
            check("adoption_rate_0_1", "segment_adoption_rate BETWEEN 0 AND 1"),
            check("rank_from_1", "opportunity_rank >= 1"));


    /** A feature that drove an account's churn risk. */
    private static final StructType CHURN_DRIVER = new StructType(new StructField[] {
            column("feature", STRING, true, "Model feature (a column of silver.account_features_daily, a health "
                    + "group, a lifecycle stage or segment indicator, contract timing, or a <feature>_missing "
                    + "indicator)."),
            column("value", DOUBLE, true, "The account's value of the feature (missing values as 0)."),
            column("contribution", DOUBLE, true, "Signed contribution to the log-odds of the uncalibrated churn "
                    + "score: logistic regression beta x (value - training mean); gradient-boosted trees the path "
                    + "attribution (Saabas) x 2. Positive raises the churn risk.")});

    public static final TableDef ACCOUNT_CHURN_RISK = checked(define(Layer.GOLD, "account_churn_risk",
            "One row per snapshot date and account active on it: the calibrated probability that it churns, and that "
                    + "it contracts, within horizonDays of conf/churn.yaml (default 90), with the MRR at stake and what "
                    + "drove it, from the models current on snapshot_date (the newest trained by then). The renewal "
                    + "forecast, next to the health score: it uses contract timing, which the health score leaves out "
                    + "on purpose. A segment whose model failed the floors (or before any could be trained) gets its "
                    + "base rate (model_status baseline).",
            List.of("snapshot_date", "account_id"), "snapshot_date", List.of("snapshot_date"),
            column("snapshot_date", DATE, false, "As-of date (partition): scored from the features, health and "
                    + "lifecycle stage of that date only."),
            column("account_id", STRING, false, "Account."),
            column("segment", STRING, false, "Segment of the account on snapshot_date."),
            column("churn_probability", DOUBLE, true, "Probability (0-1) that the account churns (some day in "
                    + "(D, D + horizonDays] without a paid term in force) within the horizon. model_status model: the "
                    + "churn model's raw score through its isotonic calibration; baseline: the segment's base rate; "
                    + "no_history: null."),
            column("contraction_probability", DOUBLE, true, "Probability (0-1) that the account, still paying at the "
                    + "end of the horizon, has lost at least contractionShare (default 10 %) of its MRR in its own "
                    + "currency (constant exchange rates), from the contraction model (or its base rate; null "
                    + "without labelled history)."),
            column("expected_churned_mrr", DOUBLE, true, "churn_probability x mrr (reporting currency); null when "
                    + "churn_probability is."),
            column("expected_contracted_mrr", DOUBLE, true, "contraction_probability x the segment's mean MRR lost by "
                    + "the labelled accounts that contracted (reporting currency); null when contraction_probability "
                    + "is."),
            column("risk_decile", INT, true, "Decile of churn_probability within snapshot date and segment, 1-10, 10 "
                    + "the riskiest (ties by account_id); null unless model_status is model."),
            column("mrr", MONEY, true, "MRR on snapshot_date in the reporting currency (silver.account_features_daily)."),
            column("next_renewal_date", DATE, true, "Next renewal on or after snapshot_date (the anniversary of the "
                    + "largest paid term in force; silver.account_features_daily.renewal_date)."),
            column("top_drivers", DataTypes.createArrayType(CHURN_DRIVER, true), false,
                    "Up to three features with the largest absolute contribution to the churn score, largest first; "
                    + "empty unless model_status is model."),
            column("model_version", STRING, false, "Version of the churn model current on snapshot_date "
                    + "(gold.churn_model_metrics, target churn; saved under <lakehouse>/models/churn/)."),
            column("model_status", STRING, false, "model (the segment's churn model passed the floors), baseline (it "
                    + "did not, or none could be trained yet: churn_probability = base rate) or no_history (no "
                    + "labelled snapshot yet)."),
            column("contraction_model_version", STRING, false, "Version of the contraction model current on "
                    + "snapshot_date (target contraction; <lakehouse>/models/contraction/)."),
            column("contraction_model_status", STRING, false, "model, baseline or no_history, as model_status, for "
                    + "contraction_probability.")),
            check("probabilities_0_1", "coalesce(churn_probability, 0) BETWEEN 0 AND 1 AND coalesce(contraction_probability, 0) BETWEEN 0 AND 1"),
            check("expected_mrr_not_negative", "coalesce(expected_churned_mrr, 0) >= 0 AND coalesce(expected_contracted_mrr, 0) >= 0"));

    public static final TableDef CHURN_MODEL_METRICS = checked(define(Layer.GOLD, "churn_model_metrics",
            "One row per trained churn or contraction model and segment (and 'all'): how it did on the validation "
                    + "period, the newest labelled snapshots, not used to fit it. Probabilities are cross-fitted (each "
                    + "half of the accounts calibrated on the other half). Columns named as in "
                    + "gold.expansion_model_metrics mean the same.",
            List.of("model_version", "target", "segment"), "trained_as_of", List.of(),
            column("model_version", STRING, false, "Model version: yyyyMMdd of trained_as_of and a hash of config "
                    + "and features; saved under <lakehouse>/models/<target>/<model_version>/."),
            column("target", STRING, false, "churn (logo churn within the horizon) or contraction (MRR down by "
                    + "contractionShare or more, still paying)."),
            column("trained_as_of", DATE, false, "Snapshot date of the run that trained it."),
            column("segment", STRING, false, "Segment, or all."),
            column("model_kind", STRING, false, "gradient_boosted_trees or logistic_regression: the candidate kept "
                    + "(higher validation ROC AUC)."),
            column("passed_floors", BOOL, false, "Whether the segment's model met the floors of conf/churn.yaml "
                    + "(validation roc_auc >= floors.minRocAuc and brier_skill > 0) and scores it; for 'all': whether "
                    + "any segment did."),
            column("validation_from", DATE, false, "First validation snapshot date."),
            column("validation_to", DATE, false, "Last validation snapshot date."),
            column("accounts", LONG, false, "Validation rows (account and snapshot)."),
            column("events", LONG, false, "Of those, rows with the target's event within the horizon."),
            column("roc_auc", DOUBLE, true, "ROC AUC of the probability (Mann-Whitney, ties one half); null without "
                    + "events or non-events."),
            column("pr_auc", DOUBLE, true, "Average precision; null without events."),
            column("brier", DOUBLE, true, "Brier score: mean of (probability - outcome)^2."),
            column("ece", DOUBLE, true, "Expected calibration error: sum over the calibration bins of (rows in bin / "
                    + "rows) x |mean probability - observed rate|."),
            column("calibration", DataTypes.createArrayType(CALIBRATION_BIN, true), false,
                    "Predicted against observed by equal-width bin (calibrationBins of conf/churn.yaml)."),
            column("brier_skill", DOUBLE, true, "Brier skill score against the base-rate forecast: 1 - brier / "
                    + "Brier of forecasting base_rate for every validation row; > 0 means better than the base rate."),
            column("base_rate", DOUBLE, true, "Share of the segment's training rows with the event; a failing segment "
                    + "is scored with it."),
            column("model_status", STRING, true, "model (scores the segment) or baseline; null for 'all'."),
            column("top_decile_mrr_share", DOUBLE, true, "Share of the validation events' MRR (churn: the MRR of "
                    + "the accounts that churned; contraction: the MRR they lost) that fell in the top tenth of the "
                    + "segment's rows by probability; null when the events moved no MRR.")),
            check("metrics_0_1", "coalesce(roc_auc, 0) BETWEEN 0 AND 1 AND coalesce(pr_auc, 0) BETWEEN 0 AND 1 AND coalesce(brier, 0) BETWEEN 0 AND 1 AND coalesce(ece, 0) BETWEEN 0 AND 1"),
            check("events_within_accounts", "events BETWEEN 0 AND accounts"));

    public static final TableDef RETENTION_FORECAST_BACKTEST = checked(define(Layer.GOLD, "retention_forecast_backtest",
            "One row per closed forecast window and segment (and 'all'): the gross revenue retention the renewal "
                    + "forecast expected on the window's first day (gold.account_churn_risk of that date) against "
                    + "the one that happened. A window starts on a snapshot date W with churn-risk rows and closes "
                    + "on W + horizonDays of conf/churn.yaml, once that day is a run date.",
            List.of("window_start", "segment"), "window_start", List.of(),
            column("window_start", DATE, false, "W: the snapshot date whose forecast is judged."),
            column("window_end", DATE, false, "W + horizonDays."),
            column("segment", STRING, false, "Segment of the accounts on W, or all."),
            column("accounts", LONG, false, "Accounts active on W (rows of gold.account_churn_risk on W)."),
            column("start_mrr", MONEY, false, "Their MRR on W."),
            column("forecast_retained_mrr", DOUBLE, true, "Sum of greatest(0, mrr - expected_churned_mrr - "
                    + "expected_contracted_mrr) over those accounts; null when a probability was null (no history)."),
            column("actual_retained_mrr", DOUBLE, false, "What they kept: 0 for an account that churned within the "
                    + "window (as the churn label, even if it came back), else least(MRR on W, MRR on W restated "
                    + "with its constant-currency change up to window_end)."),
            column("forecast_grr", DOUBLE, true, "forecast_retained_mrr / start_mrr."),
            column("actual_grr", DOUBLE, true, "actual_retained_mrr / start_mrr."),
            column("error", DOUBLE, true, "forecast_grr - actual_grr (a fraction: 0.01 = 1 percentage point; > 0: "
                    + "the forecast was too optimistic)."),
            column("model_version", STRING, false, "Churn model version that scored W.")),
            check("grr_0_1", "(forecast_grr IS NULL OR forecast_grr BETWEEN 0 AND 1) AND (actual_grr IS NULL OR actual_grr BETWEEN 0 AND 1)"),
            check("window_order", "window_end > window_start"));

    public static final TableDef SEGMENT_KPIS_DAILY = checked(define(Layer.GOLD, "segment_kpis_daily",
            "One row per snapshot date and segment, plus segment 'all': the SaaS KPIs BI reads. Per-account MRR at a "
                    + "date X is the sum of mrr_reporting of the account's paid terms in force on X (not trial, "
                    + "mrr_reporting > 0, start_date <= X <= end_date or end_date null), as in "
                    + "silver.account_features_daily; an account is active on X when that MRR is > 0. Segments are "
                    + "those of staging.accounts. Ratios are fractions (1.0 = 100 %) and null when their denominator "
                    + "is 0.",
            List.of("snapshot_date", "segment"), "snapshot_date", List.of("snapshot_date"),
            column("snapshot_date", DATE, false, "As-of date D (partition): only data dated on or before D is used."),
            column("segment", STRING, false, "Segment, or 'all' for every account."),
            column("active_accounts", LONG, false, "Accounts with MRR > 0 on D."),
            column("active_accounts_30d_ago", LONG, false, "Accounts with MRR > 0 on D - 30."),
            column("new_accounts_30d", LONG, false, "Accounts with MRR 0 on D - 30, > 0 on D, and no paid term "
                    + "started on or before D - 30 (first purchase)."),
            column("reactivated_accounts_30d", LONG, false, "Accounts with MRR 0 on D - 30, > 0 on D, and a paid term "
                    + "started on or before D - 30 (came back)."),
            column("churned_accounts_30d", LONG, false, "Accounts with MRR > 0 on D - 30 and 0 on D."),
            column("logo_churn_rate_30d", DOUBLE, true, "churned_accounts_30d / active_accounts_30d_ago."),
            column("logo_churn_rate_annualised", DOUBLE, true, "1 - (1 - logo_churn_rate_30d)^(365 / 30)."),
            column("mrr", MONEY, false, "MRR on D in the reporting currency: sum of the accounts' MRR."),
            column("arr", MONEY, false, "12 x mrr."),
            column("arpa", MONEY, true, "Average revenue per active account: mrr / active_accounts."),
            column("mrr_30d_ago", MONEY, false, "MRR on D - 30 of the same accounts (segment as of today)."),
            column("mrr_new_30d", MONEY, false, "Sum over new accounts of MRR on D (>= 0)."),
            column("mrr_expansion_30d", MONEY, false, "Sum over accounts paying on D - 30 and D whose "
                    + "constant-currency change is > 0 (more seats, a higher plan or an added product, in the "
                    + "account's own currency) of that change: MRR(D) - MRR(D - 30) restated at the rates of D's "
                    + "terms (>= 0; exchange-rate effects are in mrr_fx_30d)."),
            column("mrr_contraction_30d", MONEY, false, "Sum over accounts paying on D - 30 and D whose "
                    + "constant-currency change is < 0 (a cheaper plan, fewer seats, a dropped product) of that change "
                    + "(<= 0, signed)."),
            column("mrr_churn_30d", MONEY, false, "Sum over churned accounts of -MRR(D - 30) (<= 0, signed)."),
            column("mrr_reactivation_30d", MONEY, false, "Sum over reactivated accounts of MRR on D (>= 0). Every "
                    + "account falls in exactly one of new, expansion, contraction, churn, reactivation or unchanged, "
                    + "so mrr_new_30d + mrr_expansion_30d + mrr_contraction_30d + mrr_churn_30d + "
                    + "mrr_reactivation_30d + mrr_fx_30d = mrr - mrr_30d_ago exactly."),
            column("quick_ratio_30d", DOUBLE, true, "(mrr_new_30d + mrr_expansion_30d + mrr_reactivation_30d) / "
                    + "-(mrr_contraction_30d + mrr_churn_30d)."),
            column("mrr_12m_ago", MONEY, false, "MRR on add_months(D, -12) of the accounts active then: the base of "
                    + "nrr_12m and grr_12m."),
            column("nrr_12m", DOUBLE, true, "Net revenue retention: sum over accounts active on add_months(D, -12) "
                    + "of MRR(D) / mrr_12m_ago. Accounts that started later do not count."),
            column("grr_12m", DOUBLE, true, "Gross revenue retention: sum over the same accounts of "
                    + "least(MRR(D), MRR(12 months ago)) / mrr_12m_ago; expansion is capped per account, so it is at "
                    + "most 1 (100 %)."),
            column("avg_health", DOUBLE, true, "Mean health score (0-100, high = healthy) of the segment's rows in "
                    + "gold.account_health_daily on D; null when none is scored."),
            column("health_green_share", DOUBLE, true, "Share of those accounts in band green."),
            column("health_yellow_share", DOUBLE, true, "Share in band yellow."),
            column("health_red_share", DOUBLE, true, "Share in band red."),
            column("health_unknown_share", DOUBLE, true, "Share in band unknown."),
            column("mrr_green_share", DOUBLE, true, "Share of their MRR (gold.account_health_daily.mrr) in band green."),
            column("mrr_yellow_share", DOUBLE, true, "Share of their MRR in band yellow."),
            column("mrr_red_share", DOUBLE, true, "Share of their MRR in band red."),
            column("mrr_unknown_share", DOUBLE, true, "Share of their MRR in band unknown."),
            column("accounts_awareness", LONG, false, "Accounts (not open leads) in stage awareness on D "
                    + "(gold.account_lifecycle_daily)."),
            column("accounts_conversion", LONG, false, "Accounts in stage conversion on D."),
            column("accounts_onboarding", LONG, false, "Accounts in stage onboarding on D."),
            column("accounts_engaged", LONG, false, "Accounts in stage engaged on D."),
            column("accounts_renewal", LONG, false, "Accounts in stage renewal on D."),
            column("accounts_dormant", LONG, false, "Accounts in stage dormant on D."),
            column("accounts_churned", LONG, false, "Accounts in stage churned on D."),
            column("accounts_lost", LONG, false, "Accounts in stage lost on D."),
            column("dormant_share", DOUBLE, true, "Accounts in gold.dormant_accounts on D / active_accounts."),
            column("total_residual_clv", MONEY, true, "Sum of total_clv of the segment's rows in gold.account_clv on "
                    + "D (accounts with a paid or trial term in force); null when none has one."),
            column("avg_residual_clv", MONEY, true, "Mean of those total_clv values."),
            column("expected_expansion_mrr", MONEY, true, "Sum of expected_expansion_mrr of the segment's rows in "
                    + "gold.account_expansion on D. Null when that table (written by the expansion job) does not "
                    + "exist yet or has no rows for D."),
            column("mrr_fx_30d", MONEY, true, "Currency effect, apart from the movements: sum over accounts paying on "
                    + "D - 30 and D of MRR(D) - MRR(D - 30) minus their constant-currency change, i.e. what the "
                    + "exchange rates of re-priced terms moved (signed). Null in rows written before it existed."),
            column("forecast_churned_mrr_90d", MONEY, true, "Sum of expected_churned_mrr of the segment's rows in "
                    + "gold.account_churn_risk on D: the MRR the renewal forecast expects to lose to churn within "
                    + "horizonDays of conf/churn.yaml (90 by default). Null when that table has no rows for D."),
            column("forecast_grr_90d", DOUBLE, true, "Forecast gross revenue retention over the same horizon: sum of "
                    + "greatest(0, mrr - expected_churned_mrr - expected_contracted_mrr) / sum of mrr over those rows "
                    + "(the retained share of today's MRR expected at D + horizonDays). Null when that table has no "
                    + "rows for D or a probability is null.")),
            check("mrr_not_negative", "mrr >= 0 AND mrr_30d_ago >= 0"),
            check("arr_is_12_mrr", "arr = 12 * mrr"),
            check("mrr_movements_sum_to_change", "mrr - mrr_30d_ago = mrr_new_30d + mrr_expansion_30d + mrr_contraction_30d + mrr_churn_30d + mrr_reactivation_30d + coalesce(mrr_fx_30d, 0)"),
            check("logo_churn_rate_0_1", "logo_churn_rate_30d IS NULL OR logo_churn_rate_30d BETWEEN 0 AND 1"),
            check("grr_0_1", "grr_12m IS NULL OR grr_12m BETWEEN 0 AND 1"),
            check("health_0_100", "avg_health IS NULL OR avg_health BETWEEN 0 AND 100"));

    public static final TableDef RENEWAL_BRIEFS = checked(define(Layer.GOLD, "renewal_briefs",
            "One row per snapshot date and active account whose next renewal (silver.account_features_daily."
                    + "renewal_date) falls in the 90 days after it: what a CSM needs for the renewal conversation — "
                    + "the customer's growth since it started, health, value, and risk flags.",
            List.of("snapshot_date", "account_id"), "snapshot_date", List.of("snapshot_date"),
            column("snapshot_date", DATE, false, "As-of date D (partition)."),
            column("account_id", STRING, false, "Account."),
            column("segment", STRING, false, "Segment of the account."),
            column("renewal_date", DATE, false, "Next renewal on or after D (silver.account_features_daily)."),
            column("days_to_renewal", INT, false, "renewal_date - D, 0 to 90."),
            column("billing_period", STRING, true, "monthly or annual: billing period of the largest paid term in force."),
            column("mrr", MONEY, false, "Current MRR in the reporting currency."),
            column("seats", INT, true, "Seats of the paid terms in force."),
            column("first_paid_date", DATE, false, "Start of the account's first paid term."),
            column("tenure_days", INT, false, "D - first_paid_date."),
            column("first_term_mrr", MONEY, true, "MRR of the paid terms that started on first_paid_date."),
            column("first_term_seats", INT, true, "Seats of those terms."),
            column("mrr_growth_since_first_term", DOUBLE, true, "mrr / first_term_mrr - 1; null when first_term_mrr is 0."),
            column("seat_growth_since_first_term", DOUBLE, true, "seats / first_term_seats - 1; null when "
                    + "first_term_seats is 0 or null."),
            column("onboarding_events_30d", LONG, false, "Product events in the onboarding window: the 30 days from "
                    + "first_paid_date (cut at D)."),
            column("events_30d", LONG, false, "Product events in the 30 days ending on D."),
            column("usage_growth_since_onboarding", DOUBLE, true, "events_30d / onboarding_events_30d - 1; null when "
                    + "onboarding_events_30d is 0."),
            column("onboarding_key_features_30d", LONG, false, "Distinct key features of the account's plan "
                    + "(keyFeatures of conf/features.yaml) used in the onboarding window."),
            column("key_features_used_30d", INT, false, "Distinct key features of the plan used in the 30 days ending "
                    + "on D (silver.account_features_daily)."),
            column("adoption_growth_since_onboarding", DOUBLE, true, "key_features_used_30d / "
                    + "onboarding_key_features_30d - 1; null when onboarding_key_features_30d is 0."),
            column("health_score", DOUBLE, true, "Health score on D (gold.account_health_daily, 0-100, high = healthy)."),
            column("health_band", STRING, true, "Health band on D: red, yellow, green or unknown."),
            column("health_score_90d_ago", DOUBLE, true, "Health score on D - 90; null if not scored then."),
            column("health_change_90d", DOUBLE, true, "health_score - health_score_90d_ago: the 90-day trend."),
            column("residual_clv", MONEY, true, "total_clv of gold.account_clv on D."),
            column("expansion_propensity", DOUBLE, true, "propensity of gold.account_expansion on D (0-1). Null when "
                    + "that table (written by the expansion job) does not exist yet or has no row for the account."),
            column("risk_red_health", BOOL, false, "health_band = red."),
            column("risk_dormant", BOOL, false, "The account is in gold.dormant_accounts on D."),
            column("failed_payments_90d", LONG, false, "silver.account_features_daily.failed_payments_90d: invoices "
                    + "due in the last 90 days, not void, and still unpaid at the end of D."),
            column("risk_failed_payments", BOOL, false, "failed_payments_90d > 0."),
            column("open_urgent_tickets", LONG, false, "Urgent support tickets opened on or before D and not closed "
                    + "by the end of D."),
            column("risk_open_urgent_tickets", BOOL, false, "open_urgent_tickets > 0."),
            column("risk_flags", DataTypes.createArrayType(STRING, true), false, "The risk flags that hold, in this "
                    + "order: red_health, dormant, failed_payments, open_urgent_tickets (empty: none)."),
            column("churn_probability", DOUBLE, true, "churn_probability of gold.account_churn_risk on D (0-1): the "
                    + "renewal forecast's probability that the account churns within its horizon. Null when that "
                    + "table has no row for the account (or in rows written before it existed)."),
            column("expected_churned_mrr", DOUBLE, true, "expected_churned_mrr of gold.account_churn_risk on D.")),
            check("renewal_ahead", "renewal_date >= snapshot_date"));

    /**
     * The commit record of the gold layer: the marts job publishes it after every other gold table of a night, so
     * a date is listed only once all of its night is published. The _current views show the newest date listed here
     * ({@link TableDef#currentViewQuery}), so BI never sees half a night. Declared last: published last.
     */
    public static final TableDef PUBLISHED_NIGHTS = checked(define(Layer.GOLD, "published_nights",
            "One row per snapshot date whose gold tables were all published. The marts job publishes this table "
                    + "after every other gold table of the night, and the _current views show the newest date listed "
                    + "here, so BI never sees a night half published (a failure between two tables leaves the views "
                    + "on the night before). While it has no row (a lakehouse of an older version), the _current "
                    + "views show each table's newest date.",
            List.of("snapshot_date"), "snapshot_date", List.of("snapshot_date"),
            column("snapshot_date", DATE, false, "A snapshot date D whose gold tables were all published (partition)."),
            column("tables_published", INT, false, "Gold tables published for D, this one included."),
            column("run_id", STRING, false, "Run that published D (ops.pipeline_runs.run_id).")),
            check("tables_published_positive", "tables_published > 0"));

    /**
     * The tables with {@link #PUBLISHED_NIGHTS} moved first when it is among them: whoever registers tables and their
     * _current views (the Spark catalog, the DuckDB file, the printed DDL) registers the record the views read first.
     */
    public static List<TableDef> publishedNightsFirst(List<TableDef> tables) {
        List<TableDef> ordered = new ArrayList<>(tables);
        if (ordered.remove(PUBLISHED_NIGHTS)) {
            ordered.add(0, PUBLISHED_NIGHTS);
        }
        return ordered;
    }

    /** This layer's tables, in the order they are declared. */
    static List<TableDef> tables() {
        return CatalogRegistry.ofLayer(Layer.GOLD);
    }
}
