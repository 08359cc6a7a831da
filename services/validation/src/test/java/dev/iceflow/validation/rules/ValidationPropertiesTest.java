package dev.iceflow.validation.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iceflow.contracts.Contracts;
import dev.iceflow.contracts.dataset.DataContract;
import dev.iceflow.validation.input.RawRecord;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever upstream sends, validation never throws and classifies every record exactly once. */
class ValidationPropertiesTest {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final List<String> FLIGHT_FIELDS =
      List.of("date", "delay", "distance", "origin", "destination", "extra");

  private final Contracts contracts = Contracts.packaged();

  @Property(tries = 500)
  void anyJsonValueIsClassifiedExactlyOnce_andNeverThrows(
      @ForAll("batches") List<JsonNode> values) {
    for (DataContract contract : contracts.datasets().values()) {
      BatchClassifier classifier =
          new BatchClassifier(
              new RecordValidator(contract, (reference, key) -> key.hashCode() % 2 == 0));
      List<RawRecord> records = new ArrayList<>();
      for (int i = 0; i < values.size(); i++) {
        records.add(RawRecord.parsed(i, values.get(i)));
      }

      Classification result = classifier.classify(records);

      Set<Integer> positions = new HashSet<>();
      result.valid().forEach(v -> assertThat(positions.add(v.position())).isTrue());
      result.rejected().forEach(r -> assertThat(positions.add(r.input().position())).isTrue());
      assertThat(positions).hasSize(values.size());
      result.rejected().forEach(r -> assertThat(r.violations()).isNotEmpty());
    }
  }

  @Provide
  Arbitrary<List<JsonNode>> batches() {
    return Arbitraries.oneOf(jsonValues(2), flightLikeRecords()).list().ofMaxSize(30);
  }

  /** Objects with the flights field names holding arbitrary values: reach the deeper checks. */
  private Arbitrary<JsonNode> flightLikeRecords() {
    return Arbitraries.subsetOf(FLIGHT_FIELDS)
        .flatMap(
            names ->
                jsonValues(1)
                    .list()
                    .ofSize(names.size())
                    .map(
                        values -> {
                          ObjectNode record = JSON.objectNode();
                          int i = 0;
                          for (String name : names) {
                            record.set(name, values.get(i++));
                          }
                          return record;
                        }));
  }

  private Arbitrary<JsonNode> jsonValues(int depth) {
    Arbitrary<JsonNode> scalars =
        Arbitraries.oneOf(
            Arbitraries.strings().ofMaxLength(20).map(JSON::textNode),
            Arbitraries.of(
                    "DTW", "LAS", "2001/01/01 00:47", "2001/02/30 25:61", "2012-01-01", "rain", "")
                .map(JSON::textNode),
            Arbitraries.integers().map(i -> (JsonNode) JSON.numberNode(i)),
            Arbitraries.doubles().map(d -> (JsonNode) JSON.numberNode(d)),
            Arbitraries.bigDecimals()
                .ofScale(3)
                .map(d -> (JsonNode) JSON.numberNode(new BigDecimal(d.toString()))),
            Arbitraries.of(true, false).map(b -> (JsonNode) JSON.booleanNode(b)),
            Arbitraries.just(JSON.nullNode()));
    if (depth == 0) {
      return scalars;
    }
    Arbitrary<JsonNode> arrays =
        jsonValues(depth - 1)
            .list()
            .ofMaxSize(3)
            .map(
                items -> {
                  ArrayNode array = JSON.arrayNode();
                  items.forEach(array::add);
                  return array;
                });
    Arbitrary<JsonNode> objects =
        Arbitraries.maps(Arbitraries.strings().alpha().ofMaxLength(8), jsonValues(depth - 1))
            .ofMaxSize(4)
            .map(
                map -> {
                  ObjectNode object = JSON.objectNode();
                  map.forEach(object::set);
                  return object;
                });
    return Arbitraries.oneOf(scalars, arrays, objects);
  }
}
