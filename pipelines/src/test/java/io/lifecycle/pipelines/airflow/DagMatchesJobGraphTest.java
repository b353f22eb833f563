package io.lifecycle.pipelines.airflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lifecycle.pipelines.JobGraph;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Airflow DAG has one task per job of the Java job graph, with the same dependencies, so the two cannot drift
 * apart. The block is read as JSON here;
 * {@link DagPythonIT} has python3 itself read it, in case Python disagrees with what a reader of the file sees.
 */
class DagMatchesJobGraphTest {
    static final Path DAG = Path.of(System.getProperty("user.dir"), "airflow", "dags", "customer_lifecycle_nightly.py");
    static final ObjectMapper JSON = new ObjectMapper();

    static Map<String, List<String>> javaGraph() {
        Map<String, List<String>> graph = new LinkedHashMap<>();
        JobGraph standard = JobGraph.standard();
        for (String job : standard.names()) {
            graph.put(job, standard.dependsOn(job));
        }
        return graph;
    }

    static Map<String, List<String>> toGraph(JsonNode object) {
        Map<String, List<String>> graph = new LinkedHashMap<>();
        object.fields().forEachRemaining(e -> {
            List<String> upstream = new ArrayList<>();
            e.getValue().forEach(d -> upstream.add(d.asText()));
            graph.put(e.getKey(), upstream);
        });
        return graph;
    }

    @Test
    void theDelimitedBlockOfTheDagFileIsTheJavaJobGraph() throws IOException {
        String source = Files.readString(DAG);
        int begin = source.indexOf("# --- job graph: begin ---");
        int end = source.indexOf("# --- job graph: end ---");
        assertTrue(begin >= 0 && end > begin, "the DAG file delimits its job graph with the begin/end markers");
        String block = source.substring(begin, end);
        String object = block.substring(block.indexOf('{'), block.lastIndexOf('}') + 1);
        Map<String, List<String>> dagGraph = toGraph(JSON.readTree(object));
        assertEquals(javaGraph(), dagGraph, "JOB_GRAPH in " + DAG + " must equal JobGraph.standard()");
        assertEquals(JobGraph.standard().names(), new ArrayList<>(dagGraph.keySet()), "same order, too");
    }
}
