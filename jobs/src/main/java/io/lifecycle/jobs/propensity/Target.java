package io.lifecycle.jobs.propensity;

/**
 * What a propensity model predicts: the one thing that differs between the expansion and the churn models (besides
 * their settings).
 *
 * @param name      the event's name: the registry folder ({@code <lakehouse>/models/<name>/}) and the word in messages
 * @param event     the BOOLEAN label column of the label rows (true: the event happened within the horizon)
 * @param magnitude the DOUBLE column of the label rows measuring how much MRR the event moved (0 without the event):
 *                  its mean over the events is the segment's mean magnitude ({@link ModelMetadata#upliftOf}), and
 *                  the validation reports the share of it that fell in the top decile
 */
public record Target(String name, String event, String magnitude) {
}
