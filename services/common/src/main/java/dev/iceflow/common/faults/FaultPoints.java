package dev.iceflow.common.faults;

import dev.iceflow.common.config.IceflowConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Named points in a service where a test can hold the packaged function, to force an interleaving
 * (a commit landing while compaction is between its plan and its commit) instead of hoping for it.
 * Off unless {@code iceflow.faults.hold-at} names the point (ICEFLOW_FAULTS_HOLD_AT, set only by
 * the local platform's tests; Terraform never sets it). When held, the function puts {@code
 * <prefix><point>.held} in {@code iceflow.faults.bucket} and waits until {@code
 * <prefix><point>.release} exists there (or {@code iceflow.faults.max-hold} passes), then goes on.
 * Once released, the point stays released.
 *
 * <p>A point can also crash the process ({@link #crash}, {@link CrashPoints}): off unless {@code
 * iceflow.faults.crash-at} names it.
 */
@ApplicationScoped
public class FaultPoints {

  private static final Logger LOG = Logger.getLogger(FaultPoints.class);
  private static final Duration POLL = Duration.ofMillis(100);
  static final String HELD_SUFFIX = ".held";
  static final String RELEASE_SUFFIX = ".release";

  private final IceflowConfig.Faults config;
  private final S3Client s3;
  private final CrashPoints crashes;

  @Inject
  public FaultPoints(IceflowConfig config, S3Client s3) {
    this(config, s3, CrashPoints.from(config.faults(), CrashPoints.HALT_PROCESS));
  }

  /** Points whose crashes end with {@code crashes}' halt (a test's stand-in for the process). */
  public FaultPoints(IceflowConfig config, S3Client s3, CrashPoints crashes) {
    this.config = config.faults();
    this.s3 = s3;
    this.crashes = crashes;
  }

  /** Halts the process here when a fault run armed {@code point} and its draw says so. */
  public void crash(String point) {
    crashes.at(point);
  }

  /** Holds here when a test asked to hold at {@code point}; returns at once otherwise. */
  public void hold(String point) {
    Optional<String> holdAt = config.holdAt();
    if (holdAt.isEmpty() || !holdAt.get().equals(point)) {
      return;
    }
    String bucket =
        config
            .bucket()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "iceflow.faults.hold-at is set but iceflow.faults.bucket is not"));
    String key = config.prefix() + point;
    if (released(bucket, key)) {
      return;
    }
    s3.putObject(r -> r.bucket(bucket).key(key + HELD_SUFFIX), RequestBody.fromString(point));
    LOG.warnf("fault point %s: held until s3://%s/%s%s", point, bucket, key, RELEASE_SUFFIX);
    Instant deadline = Instant.now().plus(config.maxHold());
    while (!released(bucket, key)) {
      if (Instant.now().isAfter(deadline)) {
        LOG.warnf("fault point %s: not released within %s, going on", point, config.maxHold());
        return;
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while held at fault point " + point, e);
      }
    }
    LOG.warnf("fault point %s: released", point);
  }

  private boolean released(String bucket, String key) {
    try {
      s3.headObject(r -> r.bucket(bucket).key(key + RELEASE_SUFFIX));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw e;
    }
  }
}
