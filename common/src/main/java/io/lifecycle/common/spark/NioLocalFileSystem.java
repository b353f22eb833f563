package io.lifecycle.common.spark;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * Hadoop's local file system ({@code file:}), setting permissions and reading symbolic links through java.nio.
 * Without Hadoop's native library (never there in a Maven-built or pip-installed Spark) Hadoop runs a {@code chmod}
 * process for every file and folder it creates and a {@code readlink} process for every rename: writing one small
 * Delta table started dozens of processes, thousands per test class. Same files, same permissions, no processes.
 * {@link SparkSessions} installs it for {@code file:} paths (Hadoop's {@code fs.file.impl}).
 */
public class NioLocalFileSystem extends LocalFileSystem {
    public NioLocalFileSystem() {
        super(new Raw());
    }

    /** The raw (checksum-less) file system under it; also the one {@link NioLocalFs} delegates to. */
    public static class Raw extends RawLocalFileSystem {
        private static final PosixFilePermission[] BITS = {
                PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
                PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
                PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};

        static Set<PosixFilePermission> posix(FsPermission permission) {
            Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
            short mode = permission.toShort();
            for (int bit = 0; bit < BITS.length; bit++) {
                if ((mode & (1 << bit)) != 0) {
                    set.add(BITS[bit]);
                }
            }
            return set;
        }

        @Override
        public void setPermission(Path p, FsPermission permission) throws IOException {
            try {
                Files.setPosixFilePermissions(pathToFile(p).toPath(), posix(permission));
            } catch (UnsupportedOperationException e) {
                super.setPermission(p, permission); // not a POSIX file system: Hadoop's own way
            }
        }

        /** A path that is not a symbolic link is its own status; links go Hadoop's way (readlink). */
        @Override
        public FileStatus getFileLinkStatus(Path f) throws IOException {
            if (!Files.isSymbolicLink(pathToFile(f).toPath())) {
                return getFileStatus(f);
            }
            return super.getFileLinkStatus(f);
        }
    }
}
