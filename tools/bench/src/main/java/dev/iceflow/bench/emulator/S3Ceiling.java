package dev.iceflow.bench.emulator;

import dev.iceflow.local.emulator.LocalAws;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * S3 puts, then gets, of one object size into the warehouse bucket (where the pipeline's data files
 * go, with its default encryption), from a few threads for a fixed window each: objects/s and MB/s
 * of the embedded S3 with no pipeline code.
 */
public final class S3Ceiling {

  private static final String BUCKET = "warehouse";
  private static final String PREFIX = "bench/s3-ceiling/";
  private static final double MB = 1024.0 * 1024.0;

  /** Puts and gets in their windows. */
  public record Rates(int objectBytes, long puts, double putSeconds, long gets, double getSeconds) {

    public double putsPerSecond() {
      return puts / putSeconds;
    }

    public double getsPerSecond() {
      return gets / getSeconds;
    }

    public double putMegabytesPerSecond() {
      return putsPerSecond() * objectBytes / MB;
    }

    public double getMegabytesPerSecond() {
      return getsPerSecond() * objectBytes / MB;
    }
  }

  private S3Ceiling() {}

  public static Rates measure(LocalAws aws, int objectBytes, int threads, Duration window)
      throws Exception {
    byte[] content = new byte[objectBytes];
    new Random(objectBytes).nextBytes(content); // incompressible, as Parquet pages are
    String bucket = aws.provisioned().bucket(BUCKET);
    String prefix = PREFIX + objectBytes + "/";
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (S3Client s3 = aws.clients().s3()) {
      AtomicInteger nextKey = new AtomicInteger();
      long start = System.nanoTime();
      long until = start + window.toNanos();
      List<Future<?>> work = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        work.add(
            pool.submit(
                () -> {
                  while (System.nanoTime() < until) {
                    String key = prefix + nextKey.getAndIncrement();
                    s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(content));
                  }
                  return null;
                }));
      }
      for (Future<?> f : work) {
        f.get();
      }
      int puts = nextKey.get();
      double putSeconds = (System.nanoTime() - start) / 1e9;

      AtomicInteger gets = new AtomicInteger();
      start = System.nanoTime();
      long getsUntil = start + window.toNanos();
      work.clear();
      for (int t = 0; t < threads; t++) {
        work.add(
            pool.submit(
                () -> {
                  while (System.nanoTime() < getsUntil) {
                    String key = prefix + (gets.getAndIncrement() % puts);
                    byte[] read = s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray();
                    if (read.length != objectBytes) {
                      throw new IllegalStateException(
                          "s3://%s/%s came back with %d bytes, not %d"
                              .formatted(bucket, key, read.length, objectBytes));
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : work) {
        f.get();
      }
      return new Rates(
          objectBytes, puts, putSeconds, gets.get(), (System.nanoTime() - start) / 1e9);
    } finally {
      pool.shutdownNow();
    }
  }
}
