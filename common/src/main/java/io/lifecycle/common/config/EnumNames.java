package io.lifecycle.common.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Enum values as users type them (command-line options, YAML values): e.g. month-end, support-driven. */
public final class EnumNames {
    private EnumNames() {
    }

    /** The value whose name is {@code typed} (case-insensitive); fails naming what is accepted. */
    public static <E extends Enum<E>> E parse(E[] values, Function<E, String> name, String typed, String what) {
        return Arrays.stream(values).filter(v -> name.apply(v).equals(typed.toLowerCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + typed + "' is not a " + what + "; use "
                        + Arrays.stream(values).map(name).collect(Collectors.joining(", "))));
    }
}
