package io.lifecycle.common.config;

/**
 * application.yaml {@code writerLock}: how a writing command shares the lakehouse with another one (see
 * {@code io.lifecycle.common.run.LakehouseLock}).
 *
 * @param waitMinutes       how long a second writer waits for the lock before it fails naming the holder (0-1440;
 *                          default 60)
 * @param staleAfterMinutes a lock whose holder has not renewed it for this long is taken over: its process is gone
 *                          (1-1440; default 10; the holder renews it every quarter of this time)
 */
public record WriterLockSettings(Integer waitMinutes, Integer staleAfterMinutes) {
    public static final WriterLockSettings DEFAULT = new WriterLockSettings(60, 10);

    static WriterLockSettings validate(String file, WriterLockSettings s) {
        if (s == null) {
            return DEFAULT;
        }
        int wait = s.waitMinutes() == null ? DEFAULT.waitMinutes() : s.waitMinutes();
        int stale = s.staleAfterMinutes() == null ? DEFAULT.staleAfterMinutes() : s.staleAfterMinutes();
        if (wait < 0 || wait > 1440) {
            throw new ConfigException(file, "writerLock.waitMinutes", wait + " is out of range; allowed 0 to 1440");
        }
        if (stale < 1 || stale > 1440) {
            throw new ConfigException(file, "writerLock.staleAfterMinutes", stale
                    + " is out of range; allowed 1 to 1440");
        }
        return new WriterLockSettings(wait, stale);
    }
}
