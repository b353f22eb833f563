package io.lifecycle.jobs.expansion;

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
 * Trained expansion models under the lakehouse: {@code <root>/models/expansion/<version>/} holds the MLlib
 * classifier ({@code classifier/}), the isotonic calibration ({@code calibration/}) and {@code metadata.json}
 * ({@link ModelMetadata}), written last: a folder without it is an interrupted save and is ignored.
 */
public final class ModelRegistry {
    private static final String METADATA = "metadata.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path folder;

    public ModelRegistry(Path lakehouseRoot) {
        this.folder = lakehouseRoot.resolve("models").resolve("expansion");
    }

    public Path folder() {
        return folder;
    }

    /** Saves the model under its version, replacing an earlier save of the same version. */
    public void save(ExpansionModel model) {
        Path dir = folder.resolve(model.metadata().version());
        try {
            Files.createDirectories(dir);
            Files.deleteIfExists(dir.resolve(METADATA));
            ((MLWritable) model.classifier()).write().overwrite().save(dir.resolve("classifier").toString());
            model.calibration().write().overwrite().save(dir.resolve("calibration").toString());
            JSON.writeValue(dir.resolve(METADATA).toFile(), model.metadata());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save expansion model under " + dir, e);
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
            throw new UncheckedIOException("cannot read the expansion model registry " + folder, e);
        }
        out.sort(Comparator.comparing(ModelMetadata::trainedAsOf).thenComparing(ModelMetadata::version));
        return out;
    }

    /** The newest model trained as of {@code asOf} or earlier, passed or not (for the retrain schedule). */
    public Optional<ModelMetadata> newest(LocalDate asOf) {
        return list().stream().filter(m -> !LocalDate.parse(m.trainedAsOf()).isAfter(asOf))
                .reduce((a, b) -> b);
    }

    /** The newest model trained as of {@code asOf} or earlier that passed the floors. */
    public Optional<ModelMetadata> newestPassing(LocalDate asOf) {
        return list().stream().filter(ModelMetadata::passedFloors)
                .filter(m -> !LocalDate.parse(m.trainedAsOf()).isAfter(asOf)).reduce((a, b) -> b);
    }

    public ExpansionModel load(ModelMetadata metadata) {
        Path dir = folder.resolve(metadata.version());
        String classifier = dir.resolve("classifier").toString();
        ProbabilisticClassificationModel<Vector, ?> model = switch (metadata.kind()) {
            case ExpansionModel.GBT -> GBTClassificationModel.load(classifier);
            case ExpansionModel.LOGISTIC -> LogisticRegressionModel.load(classifier);
            default -> throw new LifecycleException("Expansion model " + dir + " has unknown kind '" + metadata.kind()
                    + "'; retrain with bin/lifecycle run --jobs expansion --force.");
        };
        return new ExpansionModel(model, IsotonicRegressionModel.load(dir.resolve("calibration").toString()), metadata);
    }
}
