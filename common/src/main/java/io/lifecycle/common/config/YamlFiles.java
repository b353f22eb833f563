package io.lifecycle.common.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/**
 * Binds a YAML file to an immutable record, strictly: an unknown key, a value of the wrong type or a
 * YAML syntax error is one {@link ConfigException} naming the file, the key path and what is allowed.
 * Every configuration file of Lifecycle is read through here.
 */
public final class YamlFiles {
    private static final ObjectMapper MAPPER = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .findAndRegisterModules();

    private YamlFiles() {
    }

    public static <T> T read(Path file, Class<T> type) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(file.toString(), null, "file not found");
        }
        try {
            T value = MAPPER.readValue(file.toFile(), type);
            if (value == null) {
                throw new ConfigException(file.toString(), null, "the file is empty");
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            String allowed = e.getKnownPropertyIds() == null ? "" : e.getKnownPropertyIds().stream()
                    .map(Object::toString).sorted().collect(Collectors.joining(", "));
            throw new ConfigException(file.toString(), keyPath(e),
                    "unknown key" + (allowed.isEmpty() ? "" : "; allowed here: " + allowed));
        } catch (InvalidFormatException e) {
            throw new ConfigException(file.toString(), keyPath(e), "'" + e.getValue() + "' is not a valid "
                    + simpleType(e.getTargetType()));
        } catch (MismatchedInputException e) {
            throw new ConfigException(file.toString(), keyPath(e), "expected " + simpleType(e.getTargetType())
                    + " (" + firstLine(e.getOriginalMessage()) + ")");
        } catch (JsonMappingException e) {
            Throwable root = e.getCause() != null ? e.getCause() : e;
            throw new ConfigException(file.toString(), keyPath(e), firstLine(root.getMessage()));
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            throw new ConfigException(file.toString(), null, "not valid YAML" + where + ": "
                    + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new ConfigException(file.toString(), null, "cannot be read: " + e.getMessage());
        }
    }

    static String keyPath(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String simpleType(Class<?> type) {
        if (type == null) {
            return "value";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
            return "number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true/false";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "mapping of keys to values";
        }
        if (Collection.class.isAssignableFrom(type)) {
            return "list";
        }
        return type.getSimpleName().toLowerCase(Locale.ROOT);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "invalid value";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
