package io.lifecycle.common.config;

import io.lifecycle.common.LifecycleException;

/** A configuration file that cannot be used: names the file, the key and what is allowed. */
public class ConfigException extends LifecycleException {
    public ConfigException(String file, String key, String problem) {
        super(file + ": " + (key == null || key.isEmpty() ? "" : "key '" + key + "': ") + problem);
    }
}
