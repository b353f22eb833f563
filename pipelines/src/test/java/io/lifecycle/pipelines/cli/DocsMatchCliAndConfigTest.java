package io.lifecycle.pipelines.cli;

import io.lifecycle.common.config.BiConfig;
import io.lifecycle.common.config.MaintenanceConfig;
import io.lifecycle.common.config.AppConfig;
import io.lifecycle.common.config.AppConfigLoader;
import io.lifecycle.common.config.ConfigException;
import io.lifecycle.common.config.YamlFiles;
import io.lifecycle.jobs.clv.ClvConfig;
import io.lifecycle.jobs.churn.ChurnConfig;
import io.lifecycle.jobs.expansion.ExpansionConfig;
import io.lifecycle.jobs.features.FeaturesConfig;
import io.lifecycle.jobs.health.ScorecardConfig;
import io.lifecycle.jobs.lifecycle.LifecycleConfig;
import io.lifecycle.jobs.marts.PublishConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The docs describe the CLI and the configuration as they are, so a newcomer can trust them.
 *
 * <ul>
 *   <li>Commands: every command and option of {@code bin/lifecycle} has a usage line in the "Command reference" of
 *   docs/cli.md, and every {@code bin/lifecycle ...} written in code anywhere in README.md or docs/ names commands
 *   and options that exist. Options every command shares (the common options mixin, inherited options) are
 *   documented once, on the line {@code bin/lifecycle <command> [...]}. Help and version options are exempt.</li>
 *   <li>Configuration: every key the binding of a conf/*.yaml file accepts is a row of docs/configuration.md, and
 *   every row names a key it accepts. Keys are enumerated from the bound records and each level is checked against
 *   the loader's own "unknown key; allowed here" answer, so the list is the binding's, not a copy.</li>
 *   <li>Links: every relative link in README.md and docs/*.md reaches an existing file, and its anchor, if any, a
 *   heading of that file.</li>
 * </ul>
 */
class DocsMatchCliAndConfigTest {
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).resolve("..").toAbsolutePath().normalize();
    private static final Path CLI_DOC = ROOT.resolve("docs/cli.md");
    private static final Path CONFIG_DOC = ROOT.resolve("docs/configuration.md");
    private static final String REFERENCE_HEADING = "## Command reference";
    /** The placeholder command of the line that documents the options every command shares. */
    private static final String ANY_COMMAND = "<command>";

    /** Each file of conf/ and the record it is bound to; a new config file needs an entry here and a docs section. */
    private static final Map<String, Class<?>> BINDINGS = new LinkedHashMap<>();

    static {
        BINDINGS.put(AppConfigLoader.FILE_NAME, AppConfig.class);
        BINDINGS.put(FeaturesConfig.FILE_NAME, FeaturesConfig.class);
        BINDINGS.put(ScorecardConfig.FILE_NAME, ScorecardConfig.class);
        BINDINGS.put(LifecycleConfig.FILE_NAME, LifecycleConfig.class);
        BINDINGS.put(ClvConfig.FILE_NAME, ClvConfig.class);
        BINDINGS.put(ExpansionConfig.FILE_NAME, ExpansionConfig.class);
        BINDINGS.put(ChurnConfig.FILE_NAME, ChurnConfig.class);
        BINDINGS.put(PublishConfig.FILE_NAME, PublishConfig.class);
        BINDINGS.put(BiConfig.FILE_NAME, BiConfig.class);
        BINDINGS.put(MaintenanceConfig.FILE_NAME, MaintenanceConfig.class);
    }

    @TempDir
    Path tmp;

    // ---------------------------------------------------------------- commands and options

    /** A {@code bin/lifecycle ...} mention: the command it reaches, the options it names, and where it is. */
    private record Usage(String command, boolean anyCommand, List<String> options, String words, String where) {
    }

    @Test
    void everyCommandAndOptionIsDocumentedAndEveryDocumentedOneExists() throws IOException {
        Map<String, CommandLine> commands = commands();
        List<String> problems = new ArrayList<>();

        // Everything written as bin/lifecycle in code, anywhere: it must name real commands and options.
        for (Path doc : markdownFiles(false)) {
            for (Usage u : usages(doc, commands, false)) {
                checkExists(u, commands, problems);
            }
        }

        // The reference: every command and every option must have a line.
        List<Usage> reference = usages(CLI_DOC, commands, true);
        assertTrue(!reference.isEmpty(), "docs/cli.md has no '" + REFERENCE_HEADING + "' with bin/lifecycle lines");
        Set<String> sharedDocumented = new TreeSet<>();
        Map<String, Set<String>> documented = new HashMap<>();
        for (Usage u : reference) {
            if (u.anyCommand()) {
                sharedDocumented.addAll(u.options());
            } else {
                documented.computeIfAbsent(u.command(), k -> new TreeSet<>()).addAll(u.options());
            }
        }
        for (Map.Entry<String, CommandLine> e : commands.entrySet()) {
            String path = e.getKey();
            if (path.isEmpty()) {
                continue;
            }
            boolean hasLine = documented.keySet().stream().anyMatch(d -> d.equals(path) || d.startsWith(path + " "));
            if (!hasLine) {
                problems.add("command 'bin/lifecycle " + path + "' exists but has no usage line in docs/cli.md's "
                        + REFERENCE_HEADING);
                continue;
            }
            Set<String> shared = sharedOptionNames(e.getValue().getCommandSpec());
            for (OptionSpec option : e.getValue().getCommandSpec().options()) {
                if (option.usageHelp() || option.versionHelp()) {
                    continue;
                }
                Set<String> names = Set.of(option.names());
                boolean isShared = names.stream().anyMatch(shared::contains);
                Set<String> where = isShared ? sharedDocumented : documented.getOrDefault(path, Set.of());
                if (names.stream().noneMatch(where::contains)) {
                    problems.add("option " + String.join("/", option.names()) + " of 'bin/lifecycle " + path
                            + "' exists but is not in docs/cli.md's " + REFERENCE_HEADING + " (on a 'bin/lifecycle "
                            + (isShared ? ANY_COMMAND : path) + " ...' line)");
                }
            }
        }
        assertEquals(List.of(), problems, "docs and CLI disagree");
    }

    /** Every command of the CLI by its path ("" for the root, "airflow trigger" for a subcommand). */
    private static Map<String, CommandLine> commands() {
        Map<String, CommandLine> out = new TreeMap<>();
        collect(LifecycleCli.commandLine(), "", out);
        return out;
    }

    private static void collect(CommandLine cl, String path, Map<String, CommandLine> out) {
        out.put(path, cl);
        // Aliases map to the same CommandLine; the name is what the docs use.
        Set<CommandLine> seen = new java.util.HashSet<>();
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (seen.add(sub)) {
                collect(sub, (path.isEmpty() ? "" : path + " ") + sub.getCommandName(), out);
            }
        }
    }

    /** Options documented once for all commands: those of mixins (the common options) and inherited ones. */
    private static Set<String> sharedOptionNames(CommandSpec spec) {
        Set<String> names = new TreeSet<>();
        for (CommandSpec mixin : spec.mixins().values()) {
            mixin.options().forEach(o -> names.addAll(List.of(o.names())));
        }
        for (OptionSpec o : spec.options()) {
            if (o.inherited() || o.scopeType() == CommandLine.ScopeType.INHERIT) {
                names.addAll(List.of(o.names()));
            }
        }
        return names;
    }

    private static void checkExists(Usage u, Map<String, CommandLine> commands, List<String> problems) {
        if (u.anyCommand()) {
            Set<String> shared = new TreeSet<>();
            commands.values().forEach(cl -> shared.addAll(sharedOptionNames(cl.getCommandSpec())));
            for (String o : u.options()) {
                if (!shared.contains(o)) {
                    problems.add(u.where() + ": '" + o + "' is not an option shared by the commands (in: "
                            + u.words() + ")");
                }
            }
            return;
        }
        if (u.command() == null) {
            problems.add(u.where() + ": no such command: bin/lifecycle " + u.words());
            return;
        }
        Set<String> names = commands.get(u.command()).getCommandSpec().optionsMap().keySet();
        for (String o : u.options()) {
            if (!names.contains(o)) {
                problems.add(u.where() + ": 'bin/lifecycle " + u.command() + "' has no option " + o + " (in: "
                        + u.words() + ")");
            }
        }
    }

    private static final Pattern INLINE_CODE = Pattern.compile("`([^`]+)`");
    private static final Pattern OPTION = Pattern.compile("^--?[A-Za-z][A-Za-z0-9-]*");
    private static final Pattern QUOTED = Pattern.compile("\"[^\"]*\"|'[^']*'");

    /**
     * The bin/lifecycle mentions in a file's code (fenced blocks and inline code); with {@code referenceOnly}, only
     * those in the fenced blocks under the reference heading.
     */
    private static List<Usage> usages(Path doc, Map<String, CommandLine> commands, boolean referenceOnly)
            throws IOException {
        List<String> lines = Files.readAllLines(doc);
        List<Usage> out = new ArrayList<>();
        boolean fenced = false;
        boolean inReference = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.strip().startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            if (!fenced && line.startsWith("## ")) {
                inReference = line.strip().equals(REFERENCE_HEADING);
            }
            String where = ROOT.relativize(doc) + ":" + (i + 1);
            if (referenceOnly) {
                if (fenced && inReference) {
                    parseMention(line, commands, where).ifPresent(out::add);
                }
                continue;
            }
            if (fenced) {
                parseMention(line, commands, where).ifPresent(out::add);
            } else {
                Matcher m = INLINE_CODE.matcher(line);
                while (m.find()) {
                    parseMention(m.group(1), commands, where).ifPresent(out::add);
                }
            }
        }
        return out;
    }

    /** The first bin/lifecycle of a code text, up to a shell comment, redirection, pipe or command separator. */
    private static java.util.Optional<Usage> parseMention(String code, Map<String, CommandLine> commands,
                                                          String where) {
        int at = code.indexOf("bin/lifecycle");
        if (at < 0) {
            return java.util.Optional.empty();
        }
        String rest = code.substring(at + "bin/lifecycle".length());
        if (!rest.isEmpty() && !Character.isWhitespace(rest.charAt(0))) {
            return java.util.Optional.empty(); // e.g. bin/lifecycle.sh or a path below it
        }
        for (String end : List.of(" #", " > ", " | ", " 2>", "&&", ";")) {
            int cut = rest.indexOf(end);
            if (cut >= 0) {
                rest = rest.substring(0, cut);
            }
        }
        String words = rest.strip();
        // A quoted argument (an SQL query) may hold anything, "--" comments included.
        List<String> tokens = Arrays.stream(QUOTED.matcher(words).replaceAll(" ARG ").split("\\s+"))
                .map(t -> t.replaceAll("[\\[\\](){}]", ""))
                .filter(t -> !t.isEmpty())
                .toList();
        if (!tokens.isEmpty() && tokens.get(0).equals(ANY_COMMAND)) {
            return java.util.Optional.of(new Usage(null, true, options(tokens.subList(1, tokens.size())), words, where));
        }
        String path = "";
        int i = 0;
        while (i < tokens.size()) {
            String next = (path.isEmpty() ? "" : path + " ") + tokens.get(i);
            if (!commands.containsKey(next)) {
                break;
            }
            path = next;
            i++;
        }
        // A word that is neither a subcommand nor an option, where the command takes no positional parameters,
        // is a command that does not exist (e.g. one renamed since).
        if (i < tokens.size() && !OPTION.matcher(tokens.get(i)).find()
                && commands.get(path).getCommandSpec().positionalParameters().isEmpty()) {
            return java.util.Optional.of(new Usage(null, false, List.of(), words, where));
        }
        return java.util.Optional.of(new Usage(path, false, options(tokens.subList(i, tokens.size())), words, where));
    }

    private static List<String> options(List<String> tokens) {
        List<String> out = new ArrayList<>();
        for (String t : tokens) {
            Matcher m = OPTION.matcher(t);
            if (m.find()) {
                out.add(m.group());
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- configuration keys

    /**
     * The keys a binding accepts: {@code leaves} must be documented; {@code sections} (keys holding further keys)
     * may be. List items are written {@code key[].sub}, free map keys {@code key.<name>.sub}.
     */
    private record Keys(Set<String> leaves, Set<String> sections) {
    }

    private static final String ANY_KEY = "<*>";

    @Test
    void everyConfigKeyIsDocumentedAndEveryDocumentedKeyIsAccepted() throws IOException {
        Set<String> shipped;
        try (Stream<Path> files = Files.list(ROOT.resolve("conf"))) {
            shipped = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(new TreeSet<>(BINDINGS.keySet()), shipped, "conf/*.yaml and the bindings this test knows "
                + "differ; add the new file's record to BINDINGS and document its keys in docs/configuration.md");

        Map<String, Set<String>> documented = documentedKeys();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Class<?>> b : BINDINGS.entrySet()) {
            String file = b.getKey();
            // The shipped file binds (a wrong class here would make the key list meaningless).
            YamlFiles.read(ROOT.resolve("conf").resolve(file), b.getValue());
            Keys keys = new Keys(new TreeSet<>(), new TreeSet<>());
            walk(b.getValue(), "", keys);
            Set<String> docs = documented.getOrDefault(file, Set.of());
            if (!documented.containsKey(file)) {
                problems.add("docs/configuration.md has no section '## conf/" + file + "'");
            }
            for (String key : keys.leaves()) {
                if (!docs.contains(key)) {
                    problems.add("conf/" + file + ": key `" + key + "` is accepted but not documented");
                }
            }
            for (String key : docs) {
                if (!keys.leaves().contains(key) && !keys.sections().contains(key)) {
                    problems.add("conf/" + file + ": key `" + key + "` is documented but not accepted");
                }
            }
        }
        documented.keySet().stream().filter(f -> !BINDINGS.containsKey(f))
                .forEach(f -> problems.add("docs/configuration.md documents conf/" + f + ", which is not a config file"));
        assertEquals(List.of(), problems, "docs/configuration.md and the config binding disagree");
    }

    /**
     * The key enumeration is the loader's: at every level (the file, each section, list item and map value), a key
     * the binding does not know is refused with "unknown key; allowed here: ..." listing exactly the keys found.
     */
    @Test
    void theEnumeratedKeysAreWhatTheLoaderAccepts() throws IOException {
        for (Map.Entry<String, Class<?>> b : BINDINGS.entrySet()) {
            Map<String, Set<String>> levels = new TreeMap<>();
            levels(b.getValue(), "", levels);
            for (Map.Entry<String, Set<String>> level : levels.entrySet()) {
                Path probe = tmp.resolve("probe-" + b.getKey());
                Files.writeString(probe, probeDocument(level.getKey()));
                try {
                    YamlFiles.read(probe, b.getValue());
                    fail(b.getKey() + ": the loader accepted an unknown key at '" + level.getKey() + "'");
                } catch (ConfigException e) {
                    Matcher m = Pattern.compile("unknown key; allowed here: (.*)$").matcher(e.getMessage());
                    assertTrue(m.find(), b.getKey() + " at '" + level.getKey() + "': " + e.getMessage());
                    assertEquals(level.getValue(), new TreeSet<>(List.of(m.group(1).split(", "))),
                            b.getKey() + ": keys accepted at '" + level.getKey() + "'");
                }
            }
        }
    }

    private static void walk(Type type, String path, Keys keys) {
        Class<?> raw = rawClass(type);
        if (raw.isRecord()) {
            if (!path.isEmpty()) {
                keys.sections().add(path);
            }
            for (RecordComponent c : raw.getRecordComponents()) {
                walk(c.getGenericType(), path.isEmpty() ? c.getName() : path + "." + c.getName(), keys);
            }
        } else if (List.class.isAssignableFrom(raw) && rawClass(typeArgument(type, 0)).isRecord()) {
            keys.sections().add(path);
            walk(typeArgument(type, 0), path + "[]", keys);
        } else if (Map.class.isAssignableFrom(raw) && rawClass(typeArgument(type, 1)).isRecord()) {
            keys.sections().add(path);
            walk(typeArgument(type, 1), path + "." + ANY_KEY, keys);
        } else {
            keys.leaves().add(path); // a value, a list of values, or a map of free keys to values
        }
    }

    /** The record levels of a binding (by path) and the keys each accepts. */
    private static void levels(Type type, String path, Map<String, Set<String>> out) {
        Class<?> raw = rawClass(type);
        if (raw.isRecord()) {
            out.put(path, Arrays.stream(raw.getRecordComponents()).map(RecordComponent::getName)
                    .collect(Collectors.toCollection(TreeSet::new)));
            for (RecordComponent c : raw.getRecordComponents()) {
                levels(c.getGenericType(), path.isEmpty() ? c.getName() : path + "." + c.getName(), out);
            }
        } else if (List.class.isAssignableFrom(raw) && rawClass(typeArgument(type, 0)).isRecord()) {
            levels(typeArgument(type, 0), path + "[]", out);
        } else if (Map.class.isAssignableFrom(raw) && rawClass(typeArgument(type, 1)).isRecord()) {
            levels(typeArgument(type, 1), path + "." + ANY_KEY, out);
        }
    }

    /** A YAML (JSON) document that puts one unknown key at a level: "retrain" gives {"retrain": {"zz": 1}}. */
    private static String probeDocument(String path) {
        String inner = "{\"zzNotAKey\": 1}";
        if (path.isEmpty()) {
            return inner;
        }
        List<String> parts = new ArrayList<>();
        for (String part : path.split("\\.")) {
            int items = 0;
            while (part.endsWith("[]")) {
                part = part.substring(0, part.length() - 2);
                items++;
            }
            parts.add(part);
            parts.addAll(java.util.Collections.nCopies(items, "[]"));
        }
        String doc = inner;
        for (int i = parts.size() - 1; i >= 0; i--) {
            String p = parts.get(i);
            if (p.equals("[]")) {
                doc = "[" + doc + "]";
            } else {
                doc = "{\"" + (p.equals(ANY_KEY) ? "someName" : p) + "\": " + doc + "}";
            }
        }
        return doc;
    }

    private static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        return Object.class;
    }

    private static Type typeArgument(Type type, int index) {
        return type instanceof ParameterizedType p ? p.getActualTypeArguments()[index] : Object.class;
    }

    private static final Pattern CONFIG_HEADING = Pattern.compile("^## `?conf/([A-Za-z0-9_.-]+\\.yaml)`?\\s*$");
    private static final Pattern KEY_ROW = Pattern.compile("^\\|\\s*`([^`]+)`\\s*\\|");

    /**
     * docs/configuration.md: under each heading {@code ## conf/<file>.yaml}, the first cell of each table row,
     * one key in backticks; {@code <name>} (a free map key) is written as any name in angle brackets.
     */
    private static Map<String, Set<String>> documentedKeys() throws IOException {
        Map<String, Set<String>> out = new TreeMap<>();
        String file = null;
        for (String line : Files.readAllLines(CONFIG_DOC)) {
            Matcher h = CONFIG_HEADING.matcher(line);
            if (h.matches()) {
                file = h.group(1);
                out.computeIfAbsent(file, k -> new TreeSet<>());
                continue;
            }
            if (line.startsWith("## ")) {
                file = null;
                continue;
            }
            Matcher row = KEY_ROW.matcher(line);
            if (file != null && row.find()) {
                out.get(file).add(row.group(1).replaceAll("<[^>]*>", ANY_KEY));
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- links

    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");

    @Test
    void everyRelativeLinkReachesAFileAndHeading() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Path doc : markdownFiles(true)) {
            List<String> lines = Files.readAllLines(doc);
            boolean fenced = false;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.strip().startsWith("```")) {
                    fenced = !fenced;
                }
                if (fenced) {
                    continue;
                }
                Matcher m = LINK.matcher(INLINE_CODE.matcher(line).replaceAll(""));
                while (m.find()) {
                    String target = m.group(1);
                    if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
                        continue; // https:, mailto: ...
                    }
                    String where = ROOT.relativize(doc) + ":" + (i + 1) + ": link " + target;
                    int hash = target.indexOf('#');
                    String file = hash < 0 ? target : target.substring(0, hash);
                    Path resolved = file.isEmpty() ? doc : doc.getParent().resolve(file).normalize();
                    if (!Files.exists(resolved)) {
                        problems.add(where + ": no such file " + ROOT.relativize(resolved));
                        continue;
                    }
                    if (hash >= 0 && resolved.toString().endsWith(".md")
                            && !anchors(resolved).contains(target.substring(hash + 1))) {
                        problems.add(where + ": no heading with that anchor in " + ROOT.relativize(resolved));
                    }
                }
            }
        }
        assertEquals(List.of(), problems, "broken links");
    }

    /** GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes, repeats numbered. */
    private static Set<String> anchors(Path doc) throws IOException {
        Set<String> out = new TreeSet<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean fenced = false;
        for (String line : Files.readAllLines(doc)) {
            if (line.strip().startsWith("```")) {
                fenced = !fenced;
            }
            if (fenced || !line.matches("^#{1,6} .*")) {
                continue;
            }
            String text = line.replaceFirst("^#+ ", "").replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1");
            String slug = text.toLowerCase(java.util.Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "")
                    .replace(' ', '-');
            int n = seen.merge(slug, 1, Integer::sum) - 1;
            out.add(n == 0 ? slug : slug + "-" + n);
        }
        return out;
    }

    /** README.md and docs/*.md; with the changelog, whose old command lines are history and not checked as usage. */
    private static List<Path> markdownFiles(boolean withChangelog) throws IOException {
        List<Path> out = new ArrayList<>();
        out.add(ROOT.resolve("README.md"));
        if (withChangelog && Files.exists(ROOT.resolve("CHANGELOG.md"))) {
            out.add(ROOT.resolve("CHANGELOG.md"));
        }
        try (Stream<Path> files = Files.list(ROOT.resolve("docs"))) {
            files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(out::add);
        }
        return out;
    }
}
