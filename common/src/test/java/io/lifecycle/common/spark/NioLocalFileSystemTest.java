package io.lifecycle.common.spark;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;


/**
 * The local file system without processes behaves as Hadoop's: files and folders get the permissions Hadoop asks
 * for (umask applied), checksums are written beside files, a rename through FileContext (as Delta commits) works,
 * and a symbolic link is still reported as one.
 */
class NioLocalFileSystemTest {
    @TempDir
    java.nio.file.Path tmp;

    private static Configuration conf() {
        Configuration conf = new Configuration();
        conf.set("fs.file.impl", NioLocalFileSystem.class.getName());
        conf.set("fs.AbstractFileSystem.file.impl", NioLocalFs.class.getName());
        conf.setBoolean("fs.file.impl.disable.cache", true);
        conf.set("fs.permissions.umask-mode", "022");
        return conf;
    }

    @Test
    void createsFilesAndFoldersWithHadoopsPermissions() throws IOException {
        Path dir = new Path(tmp.toUri().toString(), "a/b");
        var fs = dir.getFileSystem(conf());
        assertEquals(NioLocalFileSystem.class, fs.getClass());
        assertTrue(fs.mkdirs(dir, new FsPermission((short) 0750)));
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("a/b"))));
        try (FSDataOutputStream out = fs.create(new Path(dir, "part-0.parquet"))) {
            out.write("rows".getBytes(StandardCharsets.UTF_8));
        }
        assertEquals("rw-r--r--", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(tmp.resolve("a/b/part-0.parquet"))), "0666 less the 022 umask");
        assertTrue(Files.exists(tmp.resolve("a/b/.part-0.parquet.crc")), "checksum beside the file");
        fs.setPermission(new Path(dir, "part-0.parquet"), new FsPermission((short) 0600));
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(tmp.resolve("a/b/part-0.parquet"))));
        assertEquals("rows", Files.readString(tmp.resolve("a/b/part-0.parquet")));
    }

    @Test
    void renamesThroughFileContextAndKnowsSymbolicLinks() throws IOException, URISyntaxException {
        Configuration conf = conf();
        FileContext fc = FileContext.getFileContext(tmp.toUri(), conf);
        Path from = new Path(tmp.toUri().toString(), "_delta_log/.00000.json.tmp");
        Path to = new Path(tmp.toUri().toString(), "_delta_log/00000.json");
        try (FSDataOutputStream out = fc.create(from, java.util.EnumSet.of(org.apache.hadoop.fs.CreateFlag.CREATE),
                Options.CreateOpts.createParent())) {
            out.write("{}".getBytes(StandardCharsets.UTF_8));
        }
        fc.rename(from, to, Options.Rename.NONE);
        assertFalse(Files.exists(tmp.resolve("_delta_log/.00000.json.tmp")));
        assertEquals("{}", Files.readString(tmp.resolve("_delta_log/00000.json")));

        // links: as Hadoop's own local file system reports them
        java.nio.file.Path link = Files.createSymbolicLink(tmp.resolve("link.json"), tmp.resolve("_delta_log/00000.json"));
        Configuration hadoops = new Configuration();
        hadoops.setBoolean("fs.file.impl.disable.cache", true);
        var fs = new Path(tmp.toUri()).getFileSystem(conf);
        var reference = new Path(tmp.toUri()).getFileSystem(hadoops);
        assertFalse(reference instanceof NioLocalFileSystem);
        for (Path p : new Path[] {new Path(link.toUri()), to}) {
            FileStatus ours = fs.getFileLinkStatus(p);
            FileStatus theirs = reference.getFileLinkStatus(p);
            assertEquals(theirs.isSymlink(), ours.isSymlink(), p.toString());
            assertEquals(theirs.getLen(), ours.getLen(), p.toString());
            assertEquals(theirs.isFile(), ours.isFile(), p.toString());
        }
        assertEquals(2, fs.getFileLinkStatus(to).getLen());
    }
}
