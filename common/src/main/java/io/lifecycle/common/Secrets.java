package io.lifecycle.common;

import java.util.regex.Pattern;

/**
 * Removes credentials from text before it reaches a message, a log line or a table: the user info of a URL
 * ({@code jdbc:postgresql://alice:pa55@host/db}) and the value of every setting whose name says it holds a secret
 * ({@code password=...}, {@code ;Password=...}, {@code fs.s3a.secret.key=...}, {@code "token": "..."}), in any
 * case. The same rules are in conf/log4j2.properties for log lines, including Spark's and exceptions'.
 */
public final class Secrets {
    /** What replaces a secret. */
    public static final String MASK = "***";

    /** user:password@ in a URL's authority. */
    private static final Pattern URL_USER_INFO = Pattern.compile("(?i)(\\b[a-z][a-z0-9+.\\-]*://)[^/\\s@:]*:[^/\\s@]*@");
    /** user:password@host without a scheme, as drivers print it (UnknownHostException: alice:pw@db). */
    private static final Pattern BARE_USER_INFO = Pattern.compile("(^|[\\s'\"(])[^/\\s@:'\"(]+:[^/\\s@'\"]+@");
    /**
     * name=value, name: value and "name": "value" for names containing a secret word (a colon needs a space after
     * it, so that a stack frame such as SecretsTest.java:12 is left alone).
     */
    private static final Pattern SETTING = Pattern.compile("(?i)(\"?[\\w.\\-]*(?:password|passwd|pwd|secret|token|"
            + "credential|api[_.\\-]?key|access[_.\\-]?key|private[_.\\-]?key)[\\w.\\-]*\"?\\s*(?:=|:\\s)\\s*)"
            + "(\"[^\"]*\"|'[^']*'|[^\\s&;,'\"})\\]]+)");

    private Secrets() {
    }

    /** The text with every credential replaced by {@value #MASK}; null stays null. */
    public static String scrub(String text) {
        if (text == null) {
            return null;
        }
        String out = URL_USER_INFO.matcher(text).replaceAll("$1" + MASK + "@");
        out = BARE_USER_INFO.matcher(out).replaceAll("$1" + MASK + "@");
        return SETTING.matcher(out).replaceAll("$1" + MASK);
    }
}
