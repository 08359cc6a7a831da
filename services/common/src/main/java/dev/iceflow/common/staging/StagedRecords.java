package dev.iceflow.common.staging;

import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.common.hash.Sha256;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The staged records' format, written by validation and read by enrichment: gzipped NDJSON, one
 * {@link StagedRecord} per line. (Rejected records go to the quarantine, see Quarantine.)
 */
public final class StagedRecords {

  /** As batch.validated names the format and compression of the staged object. */
  public static final String FORMAT = "ndjson";

  public static final String COMPRESSION = "gzip";

  private static final ObjectWriter WRITER = EnvelopeCodec.mapper().writerFor(StagedRecord.class);
  private static final ObjectReader READER = EnvelopeCodec.mapper().readerFor(StagedRecord.class);
  private static final byte[] NEWLINE = {'\n'};

  private StagedRecords() {}

  /** Where validation stages a batch's valid records; the same batch always gets the same key. */
  public static String key(String dataset, String batchId) {
    return "validated/%s/%s.ndjson.gz".formatted(dataset, batchId);
  }

  public static byte[] gzip(List<StagedRecord> records) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      for (StagedRecord record : records) {
        out.write(WRITER.writeValueAsBytes(record));
        out.write(NEWLINE);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Every record of a gzipped NDJSON stream; blank lines are skipped. */
  public static List<StagedRecord> read(InputStream gzipped) throws IOException {
    return readWithDigest(gzipped).records();
  }

  /**
   * Every record of a gzipped NDJSON stream, with the SHA-256 of its lines (each line's UTF-8 bytes
   * and a newline, blank lines skipped): the batch's content fingerprint. Validation writes the
   * same lines for the same records, so the same content always has the same digest.
   */
  public static Content readWithDigest(InputStream gzipped) throws IOException {
    List<StagedRecord> records = new ArrayList<>();
    MessageDigest digest = Sha256.digest();
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(new GZIPInputStream(gzipped), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (!line.isBlank()) {
          records.add(READER.readValue(line));
          digest.update(line.getBytes(StandardCharsets.UTF_8));
          digest.update(NEWLINE);
        }
      }
    }
    return new Content(List.copyOf(records), Sha256.hex(digest));
  }

  /** A batch's staged records and the SHA-256 of their lines. */
  public record Content(List<StagedRecord> records, String sha256) {}
}
