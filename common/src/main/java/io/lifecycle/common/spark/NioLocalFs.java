package io.lifecycle.common.spark;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFs;
import org.apache.hadoop.fs.DelegateToFileSystem;
import org.apache.hadoop.fs.FsConstants;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * The {@code file:} file system of Hadoop's FileContext API (Delta renames its commit files through it), over
 * {@link NioLocalFileSystem.Raw}: Hadoop's {@code LocalFs} without a process per permission change or rename.
 */
public class NioLocalFs extends ChecksumFs {
    public NioLocalFs(URI uri, Configuration conf) throws IOException, URISyntaxException {
        super(new Raw(uri, conf));
    }

    public NioLocalFs(Configuration conf) throws IOException, URISyntaxException {
        this(FsConstants.LOCAL_FS_URI, conf);
    }

    /** Hadoop's RawLocalFs over the java.nio raw local file system. */
    static final class Raw extends DelegateToFileSystem {
        Raw(URI uri, Configuration conf) throws IOException, URISyntaxException {
            super(uri, new NioLocalFileSystem.Raw(), conf, FsConstants.LOCAL_FS_URI.getScheme(), false);
        }

        @Override
        public int getUriDefaultPort() {
            return -1; // as RawLocalFs: no port
        }

        @Override
        public boolean isValidName(String src) {
            return true; // as RawLocalFs: any local path
        }
    }
}
