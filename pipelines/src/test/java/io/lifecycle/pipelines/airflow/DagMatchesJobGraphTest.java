package io.lifecycle.pipelines.airflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lifecycle.common.run.Job;
import io.lifecycle.pipelines.JobGraph;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Airflow DAG has one task per job of the Java job graph, with the same dependencies, so the two cannot drift
 * apart. Python itself reads the DAG file's JOB_GRAPH (with ast, so Airflow need not be installed), and the same
 * block is also read as JSON here, in case python3 disagrees with what a reader of the file sees.
 */
class DagMatchesJobGraphTest {
    static final Path DAG = Path.of(System.getProperty("user.dir"), "airflow", "dags", "customer_lifecycle_nightly.py");
    static final ObjectMapper JSON = new ObjectMapper();

    static Map<String, List<String>> javaGraph() {
        Map<String, List<String>> graph = new LinkedHashMap<>();
        for (Job job : JobGraph.standard().jobs()) {
            graph.put(job.name(), job.dependsOn());
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

    @Test
    void pythonReadsTheSameGraphFromTheDagFile() throws Exception {
        String script = String.join("\n",
                "import ast, json, sys",
                "tree = ast.parse(open(sys.argv[1]).read())",
                "graph = [ast.literal_eval(n.value) for n in tree.body if isinstance(n, ast.Assign)",
                "         and any(getattr(t, 'id', None) == 'JOB_GRAPH' for t in n.targets)]",
                "assert len(graph) == 1, 'exactly one JOB_GRAPH assignment'",
                "print(json.dumps(graph[0]))");
        Process python = new ProcessBuilder("python3", "-c", script, DAG.toString()).redirectErrorStream(true).start();
        String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(python.waitFor(60, TimeUnit.SECONDS), "python3 finished");
        assertEquals(0, python.exitValue(), "python3 could not read JOB_GRAPH: " + out);
        assertEquals(javaGraph(), toGraph(JSON.readTree(out)));
    }
}
