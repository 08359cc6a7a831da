package dev.iceflow.validation.input;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.iceflow.common.quarantine.RecordViolation;
import dev.iceflow.contracts.dataset.InputField;
import dev.iceflow.validation.rules.RuleNames;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Reads the records of an S3 object (NDJSON, JSON array or CSV; gzip detected by its magic bytes).
 * A record that cannot be parsed (an NDJSON line or array element that is not one JSON value, a CSV
 * row with more or fewer fields than the header) becomes an unparsable record at its position, so
 * it is quarantined with its reason rather than lost, and every other record keeps its position; an
 * object that cannot be read at all fails the message.
 */
public final class RecordParser {

  private static final ObjectMapper JSON = new ObjectMapper();
  // "{...} {...}" on one line or in one element is two values, not a record: never keep only one
  private static final ObjectReader ONE_VALUE =
      JSON.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
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
      out.add(json(position++, line));
    }
    return out;
  }

  private static List<RawRecord> jsonArray(InputStream in) throws IOException {
    List<RawRecord> out = new ArrayList<>();
    JsonArrayElements.split(
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)),
        element -> out.add(json(out.size(), element)));
    return out;
  }

  /** One record's JSON text, parsed; or kept as text with the reason it is not one JSON value. */
  private static RawRecord json(int position, String text) {
    try {
      return RawRecord.parsed(position, ONE_VALUE.readTree(text));
    } catch (JsonProcessingException e) {
      return RawRecord.unparsable(
          position,
          text,
          new RecordViolation(RuleNames.NOT_JSON, null, "not JSON: " + e.getOriginalMessage()));
    }
  }

  /**
   * The first row is the header; a row with another number of fields than the header cannot be
   * matched to the columns, so it is kept as its CSV text and quarantined.
   */
  private List<RawRecord> csv(InputStream in) throws IOException {
    List<RawRecord> out = new ArrayList<>();
    try (MappingIterator<String[]> rows =
        CSV.readerFor(String[].class)
            .with(CsvParser.Feature.WRAP_AS_ARRAY)
            .with(CsvParser.Feature.SKIP_EMPTY_LINES)
            .readValues(in)) {
      if (!rows.hasNextValue()) {
        return out;
      }
      List<String> header = header(rows.nextValue());
      while (rows.hasNextValue()) {
        String[] cells = rows.nextValue();
        int position = out.size();
        out.add(
            cells.length == header.size()
                ? RawRecord.parsed(position, typed(header, cells))
                : RawRecord.unparsable(
                    position,
                    csvLine(cells),
                    new RecordViolation(
                        RuleNames.CSV_FIELD_COUNT,
                        null,
                        "the row has %d fields, the header has %d"
                            .formatted(cells.length, header.size()))));
      }
    } catch (JsonProcessingException e) {
      throw new UnsupportedInputException(
          "the CSV is malformed at line %d: %s"
              .formatted(e.getLocation().getLineNr(), e.getOriginalMessage()),
          e);
    }
    return out;
  }

  private static List<String> header(String[] names) {
    Set<String> seen = new HashSet<>();
    for (String name : names) {
      if (!seen.add(name)) {
        throw new UnsupportedInputException(
            "the CSV header names '%s' twice, so its cells cannot be told apart".formatted(name));
      }
    }
    return List.of(names);
  }

  /** A row's cells as one CSV line again (quoted where needed), for the quarantine. */
  private static String csvLine(String[] cells) throws JsonProcessingException {
    String line =
        CSV.writer(CsvSchema.emptySchema())
            .with(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING)
            .writeValueAsString(cells);
    return line.endsWith("\n") ? line.substring(0, line.length() - 1) : line;
  }

  /**
   * CSV cells are text; cells the contract types as numbers or booleans become them if they parse.
   */
  private ObjectNode typed(List<String> header, String[] cells) {
    ObjectNode record = JsonNodeFactory.instance.objectNode();
    for (int i = 0; i < cells.length; i++) {
      String name = header.get(i);
      String text = cells[i];
      if (text == null || text.isEmpty()) {
        continue; // an empty cell is an absent value
      }
      InputField field = fields.get(name);
      record.set(name, field == null ? JsonNodeFactory.instance.textNode(text) : cell(field, text));
    }
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
