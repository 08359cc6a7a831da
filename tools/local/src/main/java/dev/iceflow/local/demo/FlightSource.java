package dev.iceflow.local.demo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iceflow.common.envelope.EnvelopeCodec;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import org.apache.iceberg.Files;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.mapping.MappingUtil;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.types.Types;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.LocalInputFile;

/**
 * Real BTS flights from a vega-datasets file, one record at a time, in the upstream shape (date as
 * "yyyy/MM/dd HH:mm", delay, distance, origin, destination): the JSON arrays (flights-2k ...
 * flights-20k.json) or the 3 million rows of flights-3m.parquet, streamed.
 */
abstract class FlightSource implements Iterator<ObjectNode>, Closeable {

  static final String[] FIELDS = {"date", "delay", "distance", "origin", "destination"};

  /** How many flights the file holds. */
  abstract long size();

  static FlightSource open(Path file) throws IOException {
    String name = file.getFileName().toString();
    if (name.endsWith(".parquet")) {
      return new ParquetFlights(file);
    }
    if (name.endsWith(".json")) {
      return new JsonFlights(file);
    }
    throw new IllegalArgumentException(
        "%s: flights come as .json (flights-2k ... flights-20k.json) or .parquet (flights-3m.parquet)"
            .formatted(file));
  }

  /** A vega flights-*.json array, read whole (the largest with every field is 20k records). */
  private static final class JsonFlights extends FlightSource {
    private final ArrayNode all;
    private int next;

    JsonFlights(Path file) throws IOException {
      all = (ArrayNode) EnvelopeCodec.mapper().readTree(file.toFile());
      if (all.isEmpty() || !all.get(0).has("origin")) {
        throw new IllegalArgumentException(
            "%s does not hold flights with date, delay, distance, origin and destination (flights-200k.json has only delay, distance and time: use flights-3m.parquet for large runs)"
                .formatted(file));
      }
    }

    @Override
    long size() {
      return all.size();
    }

    @Override
    public boolean hasNext() {
      return next < all.size();
    }

    @Override
    public ObjectNode next() {
      return (ObjectNode) all.get(next++).deepCopy();
    }

    @Override
    public void close() {}
  }

  /** flights-3m.parquet (written by Arrow: no field ids, so columns are mapped by name). */
  static final class ParquetFlights extends FlightSource {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm");

    /** The columns of flights-3m.parquet, matched by name. */
    static final Schema SCHEMA =
        new Schema(
            Types.NestedField.optional(1, "date", Types.TimestampType.withoutZone()),
            Types.NestedField.optional(2, "delay", Types.LongType.get()),
            Types.NestedField.optional(3, "distance", Types.LongType.get()),
            Types.NestedField.optional(4, "origin", Types.StringType.get()),
            Types.NestedField.optional(5, "destination", Types.StringType.get()));

    private final CloseableIterable<Record> rows;
    private final Iterator<Record> iterator;
    private final long size;

    ParquetFlights(Path file) throws IOException {
      try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
        size = reader.getRecordCount();
      }
      rows =
          Parquet.read(Files.localInput(file.toFile()))
              .project(SCHEMA)
              .withNameMapping(MappingUtil.create(SCHEMA))
              .createReaderFunc(type -> GenericParquetReaders.buildReader(SCHEMA, type))
              .build();
      iterator = rows.iterator();
    }

    @Override
    long size() {
      return size;
    }

    @Override
    public boolean hasNext() {
      return iterator.hasNext();
    }

    @Override
    public ObjectNode next() {
      Record r = iterator.next();
      ObjectNode flight = EnvelopeCodec.mapper().createObjectNode();
      LocalDateTime date = (LocalDateTime) r.getField("date");
      flight.put("date", date == null ? null : DATE.format(date));
      putLong(flight, "delay", (Long) r.getField("delay"));
      putLong(flight, "distance", (Long) r.getField("distance"));
      flight.put("origin", (String) r.getField("origin"));
      flight.put("destination", (String) r.getField("destination"));
      return flight;
    }

    private static void putLong(ObjectNode node, String field, Long value) {
      if (value == null) {
        node.putNull(field);
      } else {
        node.put(field, value);
      }
    }

    @Override
    public void close() throws IOException {
      rows.close();
    }
  }
}
