package dev.iceflow.common.reference;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.iceflow.contracts.dataset.ReferenceSpec;
import dev.iceflow.contracts.message.payload.ObjectVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Reference data from S3 (CSV with a header), read by object version: the current one (one
 * HeadObject per use) or a given one (the version a batch was validated with, so its retries and
 * its enrichment see the same data). The few most recently used versions stay cached per container,
 * so neither a new version nor in-flight batches of the previous one reload on every use.
 */
public final class ReferenceTables {

  /** Versions kept: the current and the previous of a few references is plenty. */
  static final int CACHED_VERSIONS = 8;

  private static final Logger LOG = Logger.getLogger(ReferenceTables.class);
  private static final CsvMapper CSV = new CsvMapper();
  private static final String CSV_FORMAT = "csv";
  private static final int PRECONDITION_FAILED = 412;

  private final S3Client s3;
  private final Function<String, String> bucketNames;
  private final Map<String, ReferenceTable> cache =
      Collections.synchronizedMap(
          new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, ReferenceTable> eldest) {
              return size() > CACHED_VERSIONS;
            }
          });

  /**
   * @param bucketNames logical bucket name (as in the data contract) → physical bucket name
   */
  public ReferenceTables(S3Client s3, Function<String, String> bucketNames) {
    this.s3 = s3;
    this.bucketNames = bucketNames;
  }

  /** The table as of the object's current version. */
  public ReferenceTable get(ReferenceSpec spec) {
    return get(spec, currentVersion(spec));
  }

  /** The object's current version (version id, null when the bucket is not versioned, and ETag). */
  public ObjectVersion currentVersion(ReferenceSpec spec) {
    requireCsv(spec);
    HeadObjectResponse head =
        s3.headObject(r -> r.bucket(bucketNames.apply(spec.bucket())).key(spec.key()));
    return new ObjectVersion(head.versionId(), head.eTag());
  }

  /**
   * The table as of {@code version}, read by its version id and checked against its ETag (without a
   * version id only the current object can match); a version that is gone or is not what it says
   * fails, rather than serving other data.
   */
  public ReferenceTable get(ReferenceSpec spec, ObjectVersion version) {
    requireCsv(spec);
    String bucket = bucketNames.apply(spec.bucket());
    String cacheKey = bucket + "/" + spec.key() + "@" + version.versionId() + "/" + version.eTag();
    ReferenceTable cached = cache.get(cacheKey);
    if (cached != null) {
      return cached;
    }
    ReferenceTable loaded = load(bucket, spec, version);
    cache.put(cacheKey, loaded);
    LOG.infof(
        "loaded reference s3://%s/%s (%d rows, version %s, ETag %s)",
        bucket, spec.key(), loaded.size(), version.versionId(), version.eTag());
    return loaded;
  }

  private ReferenceTable load(String bucket, ReferenceSpec spec, ObjectVersion version) {
    Map<String, Map<String, String>> rows = new HashMap<>();
    try (InputStream in =
            s3.getObject(
                r ->
                    r.bucket(bucket)
                        .key(spec.key())
                        .versionId(version.versionId())
                        .ifMatch(version.eTag()));
        MappingIterator<Map<String, String>> it =
            CSV.readerFor(Map.class).with(CsvSchema.emptySchema().withHeader()).readValues(in)) {
      while (it.hasNextValue()) {
        Map<String, String> row = it.nextValue();
        String key = row.get(spec.keyColumn());
        if (key != null && !key.isEmpty()) {
          rows.put(key, Map.copyOf(withoutNulls(row)));
        }
      }
    } catch (S3Exception e) {
      throw new IllegalStateException(
          "cannot read reference s3://%s/%s at version %s with ETag %s: %s"
              .formatted(
                  bucket,
                  spec.key(),
                  version.versionId(),
                  version.eTag(),
                  e.statusCode() == PRECONDITION_FAILED
                      ? "that version has another ETag (or, unversioned, the object changed)"
                      : e.getMessage()),
          e);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read reference s3://%s/%s".formatted(bucket, spec.key()), e);
    }
    return new ReferenceTable(version, Map.copyOf(rows));
  }

  private static void requireCsv(ReferenceSpec spec) {
    if (!CSV_FORMAT.equals(spec.format())) {
      throw new IllegalArgumentException(
          "reference format '%s' is not supported (csv is)".formatted(spec.format()));
    }
  }

  private static Map<String, String> withoutNulls(Map<String, String> row) {
    Map<String, String> clean = new HashMap<>();
    row.forEach(
        (k, v) -> {
          if (k != null && v != null) {
            clean.put(k, v);
          }
        });
    return clean;
  }
}
