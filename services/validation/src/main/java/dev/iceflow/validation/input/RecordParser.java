package dev.iceflow.validation.input;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.iceflow.contracts.dataset.InputField;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Reads the records of an S3 object (NDJSON, JSON array or CSV; gzip detected by its magic bytes).
 * A line that is not JSON becomes an unparsable record, so it is quarantined rather than lost; an
 * object that cannot be read at all fails the message.
 */
public final class RecordParser {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final CsvMapper CSV = new CsvMapper();
  private static final int GZIP_MAGIC_1 = 0x1f;
  private static final int GZIP_MAGIC_2 = 0x8b;

  private final Map<String, InputField> fields;

  /**
   * @param fields the contract's input fields, used to type CSV cells (CSV has only text).
   */
  public RecordParser(Map<String, InputField> fields) {
    this.fields = fields;
  }

  public List<RawRecord> parse(InputStream in, RecordFormat format) {
    try (InputStream data = decompressIfGzip(in)) {
      return switch (format) {
        case NDJSON -> ndjson(data);
        case JSON_ARRAY -> jsonArray(data);
        case CSV -> csv(data);
      };
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the records", e);
    }
  }

  /** Inline records of an ingest.batch message. */
  public static List<RawRecord> inline(List<JsonNode> records) {
    List<RawRecord> out = new ArrayList<>(records.size());
    for (int i = 0; i < records.size(); i++) {
      out.add(RawRecord.parsed(i, records.get(i)));
    }
    return out;
  }

  private static InputStream decompressIfGzip(InputStream in) throws IOException {
    BufferedInputStream buffered = new BufferedInputStream(in);
    buffered.mark(2);
    int first = buffered.read();
    int second = buffered.read();
    buffered.reset();
    return first == GZIP_MAGIC_1 && second == GZIP_MAGIC_2
        ? new GZIPInputStream(buffered)
        : buffered;
  }

  private static List<RawRecord> ndjson(InputStream in) throws IOException {
    List<RawRecord> out = new ArrayList<>();
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    int position = 0;
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      if (line.isBlank()) {
        continue;
      }
      try {
        out.add(RawRecord.parsed(position, JSON.readTree(line)));
      } catch (JsonProcessingException e) {
        out.add(RawRecord.unparsable(position, line, e.getOriginalMessage()));
      }
      position++;
    }
    return out;
  }

  private static List<RawRecord> jsonArray(InputStream in) throws IOException {
    List<RawRecord> out = new ArrayList<>();
    try (JsonParser parser = JSON.getFactory().createParser(in)) {
      if (parser.nextToken() != JsonToken.START_ARRAY) {
        throw new UnsupportedInputException(
            "a json-array object must hold one JSON array of records");
      }
      int position = 0;
      while (parser.nextToken() != JsonToken.END_ARRAY) {
        out.add(RawRecord.parsed(position++, JSON.readTree(parser)));
      }
    } catch (JsonProcessingException e) {
      throw new UnsupportedInputException(
          "the JSON array is malformed: " + e.getOriginalMessage(), e);
    }
    return out;
  }

  private List<RawRecord> csv(InputStream in) throws IOException {
    List<RawRecord> out = new ArrayList<>();
    CsvSchema header = CsvSchema.emptySchema().withHeader();
    try (MappingIterator<Map<String, String>> rows =
        CSV.readerFor(Map.class).with(header).readValues(in)) {
      int position = 0;
      while (rows.hasNextValue()) {
        out.add(RawRecord.parsed(position++, typed(rows.nextValue())));
      }
    } catch (JsonProcessingException e) {
      throw new UnsupportedInputException("the CSV is malformed: " + e.getOriginalMessage(), e);
    }
    return out;
  }

  /**
   * CSV cells are text; cells the contract types as numbers or booleans become them if they parse.
   */
  private ObjectNode typed(Map<String, String> row) {
    ObjectNode record = JsonNodeFactory.instance.objectNode();
    row.forEach(
        (name, text) -> {
          if (text == null || text.isEmpty()) {
            return; // an empty cell is an absent value
          }
          InputField field = fields.get(name);
          record.set(
              name, field == null ? JsonNodeFactory.instance.textNode(text) : cell(field, text));
        });
    return record;
  }

  private static JsonNode cell(InputField field, String text) {
    try {
      return switch (field.type()) {
        case integer, number -> JsonNodeFactory.instance.numberNode(new BigDecimal(text.trim()));
        case bool ->
            "true".equalsIgnoreCase(text) || "false".equalsIgnoreCase(text)
                ? JsonNodeFactory.instance.booleanNode(Boolean.parseBoolean(text))
                : JsonNodeFactory.instance.textNode(text);
        case string -> JsonNodeFactory.instance.textNode(text);
      };
    } catch (NumberFormatException notANumber) {
      return JsonNodeFactory.instance.textNode(text); // the validator reports the type
    }
  }
}
