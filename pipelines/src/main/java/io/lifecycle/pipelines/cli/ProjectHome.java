package io.lifecycle.pipelines.cli;

import io.lifecycle.common.LifecycleException;

import java.nio.file.Files;
import java.nio.file.Path;

/** The Lifecycle checkout (bin/lifecycle passes it as -Dlifecycle.home; tests run inside it), for its scripts. */
final class ProjectHome {
    private ProjectHome() {
    }

    static Path get() {
        String home = System.getProperty("lifecycle.home");
        if (home != null) {
            return Path.of(home);
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("pipelines/bi"))) {
                return p;
            }
        }
        throw new LifecycleException("Cannot find the Lifecycle checkout (pipelines/bi); run through bin/lifecycle.");
    }

    /** A script of the checkout, e.g. pipelines/bi/superset/serve.sh. */
    static Path script(String relative) {
        return get().resolve(relative);
    }
}
