package dev.iceflow.local.reference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iceflow.common.reference.ReferenceTable;
import dev.iceflow.common.reference.ReferenceTables;
import dev.iceflow.contracts.dataset.ReferenceSpec;
import dev.iceflow.local.emulator.LocalAws;
import dev.iceflow.testkit.junit.WithLocalAws;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Reference data is read once per object version and re-read when its ETag changes. */
@WithLocalAws
class ReferenceTablesIntegrationTest {

  private static final ReferenceSpec SPEC =
      new ReferenceSpec("test airports", "reference", "test/airports.csv", "csv", "iata", Map.of());

  @Test
  void shouldServeTheCachedTableUntilTheObjectChanges(LocalAws aws) {
    try (S3Client s3 = aws.clients().s3()) {
      ReferenceTables tables = new ReferenceTables(s3, aws.provisioned()::bucket);
      put(s3, aws, "iata,city\nDTW,Detroit\n");

      ReferenceTable first = tables.get(SPEC);
      ReferenceTable again = tables.get(SPEC);
      put(s3, aws, "iata,city\nDTW,Detroit\nLAS,Las Vegas\n");
      ReferenceTable refreshed = tables.get(SPEC);

      assertThat(again).isSameAs(first);
      assertThat(first.contains("LAS")).isFalse();
      assertThat(refreshed.contains("LAS")).isTrue();
      assertThat(refreshed.row("LAS")).contains(Map.of("iata", "LAS", "city", "Las Vegas"));
      assertThat(refreshed.eTag()).isNotEqualTo(first.eTag());
    }
  }

  private static void put(S3Client s3, LocalAws aws, String csv) {
    s3.putObject(
        r -> r.bucket(aws.provisioned().bucket("reference")).key(SPEC.key()),
        RequestBody.fromString(csv));
  }
}
