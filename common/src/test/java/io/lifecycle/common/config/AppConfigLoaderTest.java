package io.lifecycle.common.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AppConfigLoaderTest {
    @TempDir
    Path project;

    private static String sources(String... replace) {
        StringBuilder b = new StringBuilder("sources:\n");
        for (String input : Inputs.ALL) {
            b.append("  ").append(input).append(": {format: parquet}\n");
        }
        String s = b.toString();
        for (int i = 0; i + 1 < replace.length; i += 2) {
            s = s.replace(replace[i], replace[i + 1]);
        }
        return s;
    }

    private Path write(String yaml) throws IOException {
        Path conf = Files.createDirectories(project.resolve("conf"));
        Files.writeString(conf.resolve("application.yaml"), yaml);
        return conf;
    }

    private static final String BASE = "lakehouse: ./demo/lakehouse\nwarehouse: ./demo/warehouse\n";

    @Test
    void loadsAndResolvesRelativePathsAgainstTheProjectFolder() throws IOException {
        Path conf = write(BASE + "reportingCurrency: EUR\nlateDataLookbackDays: 5\n"
                + "segments:\n  - name: enterprise\n    match: {plan_tier: [enterprise]}\ndefaultSegment: smb\n"
                + sources());
        AppConfig c = AppConfigLoader.load(conf);
        assertEquals(project.toAbsolutePath().resolve("demo/lakehouse").normalize(), c.lakehouse());
        assertEquals("EUR", c.reportingCurrency());
        assertEquals(5, c.lateDataLookbackDays());
        assertEquals("parquet", c.source("usage_events").format());
        assertEquals("enterprise", c.segments().get(0).name());
        assertEquals("smb", c.defaultSegment());
    }

    @Test
    void theWriterLockDefaultsAndIsChecked() throws IOException {
        assertEquals(WriterLockSettings.DEFAULT, AppConfigLoader.load(write(BASE + sources())).writerLock());
        AppConfig c = AppConfigLoader.load(write(BASE + "writerLock: {waitMinutes: 0}\n" + sources()));
        assertEquals(new WriterLockSettings(0, 10), c.writerLock());
        ConfigException e = assertThrows(ConfigException.class, () -> AppConfigLoader.load(
                write(BASE + "writerLock: {staleAfterMinutes: 0}\n" + sources())));
        assertTrue(e.getMessage().contains("writerLock.staleAfterMinutes") && e.getMessage().contains("1 to 1440"),
                e.getMessage());
    }

    @Test
    void unknownKeyNamesFileKeyAndAllowedKeys() throws IOException {
        Path conf = write(BASE + "lakehuose: x\n" + sources());
        ConfigException e = assertThrows(ConfigException.class, () -> AppConfigLoader.load(conf));
        assertTrue(e.getMessage().contains("application.yaml"), e.getMessage());
        assertTrue(e.getMessage().contains("'lakehuose'"), e.getMessage());
        assertTrue(e.getMessage().contains("lakehouse"), e.getMessage());
    }

    @Test
    void unknownKeyInsideASourceIsNamedWithItsPath() throws IOException {
        Path conf = write(BASE + sources("accounts: {format: parquet}", "accounts: {format: parquet, pth: x}"));
        ConfigException e = assertThrows(ConfigException.class, () -> AppConfigLoader.load(conf));
        assertTrue(e.getMessage().contains("sources.accounts.pth"), e.getMessage());
    }

    @Test
    void missingSourceIsAnError() throws IOException {
        Path conf = write(BASE + sources("  leads: {format: parquet}\n", ""));
        ConfigException e = assertThrows(ConfigException.class, () -> AppConfigLoader.load(conf));
        assertTrue(e.getMessage().contains("sources.leads") && e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void badValuesAreNamed() throws IOException {
        Path conf = write(BASE + "lateDataLookbackDays: -1\n" + sources());
        assertTrue(assertThrows(ConfigException.class, () -> AppConfigLoader.load(conf)).getMessage()
                .contains("lateDataLookbackDays"));
        Path conf2 = write(BASE + "reportingCurrency: XYZ\n" + sources());
        assertTrue(assertThrows(ConfigException.class, () -> AppConfigLoader.load(conf2)).getMessage()
                .contains("ISO 4217"));
        Path conf3 = write(BASE + sources("accounts: {format: parquet}", "accounts: {format: orc}"));
        String m3 = assertThrows(ConfigException.class, () -> AppConfigLoader.load(conf3)).getMessage();
        assertTrue(m3.contains("sources.accounts.format") && m3.contains("csv, delta, jdbc, parquet"), m3);
        Path conf4 = write(BASE + "lateDataLookbackDays: three\n" + sources());
        String m4 = assertThrows(ConfigException.class, () -> AppConfigLoader.load(conf4)).getMessage();
        assertTrue(m4.contains("lateDataLookbackDays") && m4.contains("number"), m4);
        Path conf5 = write(BASE + "segments:\n  - name: x\n    match: {color: [red]}\n" + sources());
        String m5 = assertThrows(ConfigException.class, () -> AppConfigLoader.load(conf5)).getMessage();
        assertTrue(m5.contains("segments[0].match.color") && m5.contains("plan_tier"), m5);
    }

    @Test
    void jdbcPasswordsAreRefusedInTheFile() throws IOException {
        Path conf = write(BASE + sources("accounts: {format: parquet}",
                "accounts: {format: jdbc, url: 'jdbc:postgresql://h/db?password=secret', table: accounts}"));
        String m = assertThrows(ConfigException.class, () -> AppConfigLoader.load(conf)).getMessage();
        assertTrue(m.contains("passwordEnv"), m);
        assertTrue(!m.contains("secret"), "the message must not echo the secret: " + m);
    }

    @Test
    void shippedConfigurationLoads() {
        Path shipped = Path.of(System.getProperty("user.dir")).resolve("../conf").normalize();
        AppConfig c = AppConfigLoader.load(shipped);
        assertEquals(Inputs.ALL.size(), c.sources().size());
        assertTrue(c.lakehouse().endsWith("demo/lakehouse"));
    }
}
