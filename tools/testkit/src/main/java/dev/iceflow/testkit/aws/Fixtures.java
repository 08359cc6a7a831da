package dev.iceflow.testkit.aws;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.local.emulator.LocalAws;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Small slices of the real vega-datasets data for tests: 44 airports of airports.csv and 200 BTS
 * flights whose airports are among them. The demo uses the full files, fetched at run time.
 */
public final class Fixtures {

  /** Where the flights contract's airports reference lives in the reference bucket. */
  public static final String AIRPORTS_KEY = "airports/airports.csv";

  private static final String AIRPORTS = "fixtures/airports-sample.csv";
  private static final String FLIGHTS = "fixtures/flights-sample.json";

  private Fixtures() {}

  /** Puts the airports sample where the flights contract expects its reference data. */
  public static void uploadAirports(LocalAws aws) {
    try (S3Client s3 = aws.clients().s3()) {
      s3.putObject(
          r -> r.bucket(aws.provisioned().bucket("reference")).key(AIRPORTS_KEY),
          RequestBody.fromBytes(read(AIRPORTS)));
    }
  }

  /** The airports sample as uploaded: a CSV with a header line. */
  public static String airportsCsv() {
    return new String(read(AIRPORTS), StandardCharsets.UTF_8);
  }

  /** The 200 sample flights, as upstream sends them. */
  public static List<ObjectNode> flights() {
    try {
      ArrayNode array = (ArrayNode) EnvelopeCodec.mapper().readTree(read(FLIGHTS));
      List<ObjectNode> flights = new ArrayList<>();
      array.forEach(f -> flights.add((ObjectNode) f));
      return flights;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] read(String resource) {
    try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is not on the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
