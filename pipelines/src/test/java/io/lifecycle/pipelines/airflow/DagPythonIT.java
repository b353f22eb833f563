package io.lifecycle.pipelines.airflow;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static io.lifecycle.pipelines.airflow.DagMatchesJobGraphTest.DAG;
import static io.lifecycle.pipelines.airflow.DagMatchesJobGraphTest.JSON;
import static io.lifecycle.pipelines.airflow.DagMatchesJobGraphTest.javaGraph;
import static io.lifecycle.pipelines.airflow.DagMatchesJobGraphTest.toGraph;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * python3 reads the DAG file's JOB_GRAPH (with ast, so Airflow need not be installed) and finds the Java job graph.
 * An integration test because it needs python3, which {@code mvn test} does not assume.
 */
class DagPythonIT {
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
