package io.lifecycle.jobs.propensity;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.lifecycle.common.LifecycleException;
import org.apache.spark.ml.classification.GBTClassificationModel;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.regression.IsotonicRegressionModel;
import org.apache.spark.ml.util.MLWritable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Trained propensity models under the lakehouse, one registry per {@link Target}:
 * {@code <root>/models/<target>/<version>/} (expansion, churn, contraction) holds the MLlib
 * classifier ({@code classifier/}), the isotonic calibration ({@code calibration/}) and {@code metadata.json}
 * ({@link ModelMetadata}), written last: a folder without it is an interrupted save and is ignored. A baseline entry
 * (no classifier could be trained) has metadata.json only.
 *
 * <p>Versions are looked up by date: the model current on D ({@link #current}) is the newest one trained as of D or
 * earlier, so a backfilled date is scored with the model that was current then, never with a later one.
 */
public final class ModelRegistry {
    private static final String METADATA = "metadata.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path folder;
    private final String name;

    /** The registry of the target named {@code name} (a folder name: expansion, churn, contraction). */
    public ModelRegistry(Path lakehouseRoot, String name) {
        this.name = name;
        this.folder = lakehouseRoot.resolve("models").resolve(name);
    }

    public Path folder() {
        return folder;
    }

    /** Saves the model under its version, replacing an earlier save of the same version. */
    public void save(PropensityModel model) {
        Path dir = folder.resolve(model.metadata().version());
        try {
            Files.createDirectories(dir);
            Files.deleteIfExists(dir.resolve(METADATA));
            if (model.metadata().hasClassifier()) {
                ((MLWritable) model.classifier()).write().overwrite().save(dir.resolve("classifier").toString());
                model.calibration().write().overwrite().save(dir.resolve("calibration").toString());
            }
            JSON.writeValue(dir.resolve(METADATA).toFile(), model.metadata());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save " + name + " model under " + dir, e);
        }
    }

    /** Metadata of every complete model, oldest first (by trainedAsOf, then version). */
    public List<ModelMetadata> list() {
        List<ModelMetadata> out = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return out;
        }
        try (Stream<Path> dirs = Files.list(folder)) {
            for (Path dir : dirs.sorted().toList()) {
                Path meta = dir.resolve(METADATA);
                if (Files.isRegularFile(meta)) {
                    out.add(JSON.readValue(meta.toFile(), ModelMetadata.class));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the " + name + " model registry " + folder, e);
        }
        out.sort(Comparator.comparing(ModelMetadata::trainedAsOf).thenComparing(ModelMetadata::version));
        return out;
    }

    /** The newest model trained as of {@code asOf} or earlier (for the retrain schedule); the same as current. */
    public Optional<ModelMetadata> newest(LocalDate asOf) {
        return current(asOf);
    }

    /**
     * The model current on {@code date}: the newest trained as of that date or earlier (ties: the highest version),
     * passing the floors or not — a segment it does not serve is scored with its base rate.
     */
    public Optional<ModelMetadata> current(LocalDate date) {
        return list().stream().filter(m -> !LocalDate.parse(m.trainedAsOf()).isAfter(date)).reduce((a, b) -> b);
    }

    public PropensityModel load(ModelMetadata metadata) {
        Path dir = folder.resolve(metadata.version());
        if (!metadata.hasClassifier()) {
            return new PropensityModel(null, null, metadata);
        }
        String classifier = dir.resolve("classifier").toString();
        ProbabilisticClassificationModel<Vector, ?> model = switch (metadata.kind()) {
            case PropensityModel.GBT -> GBTClassificationModel.load(classifier);
            case PropensityModel.LOGISTIC -> LogisticRegressionModel.load(classifier);
            default -> throw new LifecycleException("The " + name + " model " + dir + " has unknown kind '"
                    + metadata.kind() + "'; retrain it with bin/lifecycle run --force and the job that trains it.");
        };
        return new PropensityModel(model, IsotonicRegressionModel.load(dir.resolve("calibration").toString()), metadata);
    }
}
