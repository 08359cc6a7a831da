package dev.iceflow.local.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.data.GenericAppenderFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.io.FileAppender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlightSourceTest {

  @Test
  void parquetFlightsComeOutInTheUpstreamShape(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("flights.parquet");
    try (FileAppender<org.apache.iceberg.data.Record> appender =
        new GenericAppenderFactory(FlightSource.ParquetFlights.SCHEMA)
            .newAppender(org.apache.iceberg.Files.localOutput(file.toFile()), FileFormat.PARQUET)) {
      GenericRecord r = GenericRecord.create(FlightSource.ParquetFlights.SCHEMA);
      r.setField("date", LocalDateTime.of(2001, 1, 13, 14, 56));
      r.setField("delay", -5L);
      r.setField("distance", 1019L);
      r.setField("origin", "SEA");
      r.setField("destination", "LAX");
      appender.add(r);
      GenericRecord missing = GenericRecord.create(FlightSource.ParquetFlights.SCHEMA);
      missing.setField("origin", "SEA");
      appender.add(missing);
    }

    List<ObjectNode> flights = new ArrayList<>();
    try (FlightSource source = FlightSource.open(file)) {
      assertThat(source.size()).isEqualTo(2);
      source.forEachRemaining(flights::add);
    }

    assertThat(flights.get(0).toString())
        .isEqualTo(
            "{\"date\":\"2001/01/13 14:56\",\"delay\":-5,\"distance\":1019,\"origin\":\"SEA\",\"destination\":\"LAX\"}");
    assertThat(flights.get(1).get("delay").isNull()).as("a null stays null").isTrue();
  }

  @Test
  void jsonWithoutRoutesIsRefusedWithTheFileToUseInstead(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("flights-200k.json");
    Files.writeString(file, "[{\"delay\":0,\"distance\":1452,\"time\":0.0}]");

    assertThatThrownBy(() -> FlightSource.open(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("flights-3m.parquet");
  }

  @Test
  void anUnknownFormatIsRefused(@TempDir Path dir) {
    assertThatThrownBy(() -> FlightSource.open(dir.resolve("flights.csv")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(".parquet");
  }
}
