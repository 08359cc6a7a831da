package dev.iceflow.common.reference;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.iceflow.contracts.dataset.ReferenceSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Reference data from S3 (CSV with a header), cached per container and reloaded only when the
 * object's ETag changes: one HeadObject per use, one GetObject per version.
 */
public final class ReferenceTables {

  private static final Logger LOG = Logger.getLogger(ReferenceTables.class);
  private static final CsvMapper CSV = new CsvMapper();
  private static final String CSV_FORMAT = "csv";

  private final S3Client s3;
  private final Function<String, String> bucketNames;
  private final Map<String, ReferenceTable> cache = new ConcurrentHashMap<>();

  /**
   * @param bucketNames logical bucket name (as in the data contract) → physical bucket name
   */
  public ReferenceTables(S3Client s3, Function<String, String> bucketNames) {
    this.s3 = s3;
    this.bucketNames = bucketNames;
  }

  public ReferenceTable get(ReferenceSpec spec) {
    if (!CSV_FORMAT.equals(spec.format())) {
      throw new IllegalArgumentException(
          "reference format '%s' is not supported (csv is)".formatted(spec.format()));
    }
    String bucket = bucketNames.apply(spec.bucket());
    String cacheKey = bucket + "/" + spec.key();
    String eTag = s3.headObject(r -> r.bucket(bucket).key(spec.key())).eTag();
    ReferenceTable cached = cache.get(cacheKey);
    if (cached != null && cached.eTag().equals(eTag)) {
      return cached;
    }
    ReferenceTable loaded = load(bucket, spec, eTag);
    cache.put(cacheKey, loaded);
    LOG.infof(
        "loaded reference s3://%s/%s (%d rows, ETag %s)", bucket, spec.key(), loaded.size(), eTag);
    return loaded;
  }

  private ReferenceTable load(String bucket, ReferenceSpec spec, String eTag) {
    Map<String, Map<String, String>> rows = new HashMap<>();
    try (InputStream in = s3.getObject(r -> r.bucket(bucket).key(spec.key()).ifMatch(eTag));
        MappingIterator<Map<String, String>> it =
            CSV.readerFor(Map.class).with(CsvSchema.emptySchema().withHeader()).readValues(in)) {
      while (it.hasNextValue()) {
        Map<String, String> row = it.nextValue();
        String key = row.get(spec.keyColumn());
        if (key != null && !key.isEmpty()) {
          rows.put(key, Map.copyOf(withoutNulls(row)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read reference s3://%s/%s".formatted(bucket, spec.key()), e);
    }
    return new ReferenceTable(eTag, Map.copyOf(rows));
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
