package io.lifecycle.pipelines.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lifecycle.jobs.clv.FitResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * bin/lifecycle clv fit: maximum-likelihood fit of one CLV model on a CSV file, printed as one JSON object.
 * No Spark session is started.
 */
@Command(name = "fit", mixinStandardHelpOptions = true,
        description = "Fit sbg, bgnbd or gamma-gamma on a CSV file and print the estimates as one JSON object. "
                + "Columns: bgnbd frequency,recency,T[,weight]; gamma-gamma frequency,monetary_value[,weight]; "
                + "sbg period,alive[,cohort]. Other columns are ignored.")
final class ClvFitCommand implements Runnable {
    enum Model {
        sbg, bgnbd, gamma_gamma;

        static final Map<String, Model> BY_NAME = Map.of("sbg", sbg, "bgnbd", bgnbd, "gamma-gamma", gamma_gamma);

        String label() {
            return this == gamma_gamma ? "gamma-gamma" : name();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    @Mixin
    CommonOptions common;

    @Option(names = "--model", required = true, paramLabel = "MODEL", converter = ModelConverter.class,
            description = "sbg, bgnbd or gamma-gamma.")
    Model model;

    @Option(names = "--input", required = true, paramLabel = "FILE.csv", description = "CSV file with a header row.")
    Path input;

    @Option(names = "--min-customers", defaultValue = "30", paramLabel = "N",
            description = "Refuse to fit fewer customers than this (default: ${DEFAULT-VALUE}).")
    int minCustomers;

    @Override
    public void run() {
        ClvCsv csv = ClvCsv.read(input);
        ClvFitInputs.Fitted fitted = switch (model) {
            case sbg -> ClvFitInputs.sbg(csv, minCustomers);
            case bgnbd -> ClvFitInputs.bgnbd(csv, minCustomers);
            case gamma_gamma -> ClvFitInputs.gammaGamma(csv, minCustomers);
        };
        System.out.println(json(model.label(), fitted.fit(), fitted.customers()));
    }

    /** {"model", "params", "std_errors", "log_likelihood", "n", "converged", "iterations"}; NaN is null. */
    static String json(String model, FitResult fit, long customers) {
        ObjectNode root = JSON.createObjectNode();
        root.put("model", model);
        ObjectNode params = root.putObject("params");
        ObjectNode errors = root.putObject("std_errors");
        List<String> names = fit.names();
        double[] estimates = fit.estimates();
        double[] se = fit.standardErrors();
        for (int i = 0; i < names.size(); i++) {
            putNumber(params, names.get(i), estimates[i]);
            putNumber(errors, names.get(i), se[i]);
        }
        putNumber(root, "log_likelihood", fit.logLikelihood());
        root.put("n", customers);
        root.put("converged", fit.converged());
        root.put("iterations", fit.iterations());
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void putNumber(ObjectNode node, String key, double value) {
        if (Double.isFinite(value)) {
            node.put(key, value);
        } else {
            node.putNull(key);
        }
    }

    /** Accepts the model names as users type them (gamma-gamma has a dash). */
    static final class ModelConverter implements picocli.CommandLine.ITypeConverter<Model> {
        @Override
        public Model convert(String value) {
            Model m = Model.BY_NAME.get(value);
            if (m == null) {
                throw new picocli.CommandLine.TypeConversionException("'" + value
                        + "' is not a model; use sbg, bgnbd or gamma-gamma");
            }
            return m;
        }
    }
}
