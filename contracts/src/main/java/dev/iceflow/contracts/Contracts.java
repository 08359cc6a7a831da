package dev.iceflow.contracts;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.iceflow.contracts.dataset.ContractVersion;
import dev.iceflow.contracts.dataset.DataContract;
import dev.iceflow.contracts.message.MessageSchemaLoader;
import dev.iceflow.contracts.message.MessageValidator;
import dev.iceflow.contracts.prices.PriceTable;
import dev.iceflow.contracts.prices.PriceTables;
import dev.iceflow.contracts.topology.Topology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Typed access to everything in {@code contracts/}: the topology, the data contracts and the
 * message validator. Loaded once; immutable.
 */
public final class Contracts {

  static final String TOPOLOGY = "topology.json";
  static final String DATASETS = "datasets";
  static final String JSON_SUFFIX = ".json";

  /** Strict mapper: a contract with a field the code does not know is a mistake, not a no-op. */
  static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .build();

  private final ContractSource source;
  private final Topology topology;
  private final Map<String, DataContract> datasets;
  private final MessageValidator messages;
  private PriceTables prices;

  private Contracts(ContractSource source) {
    this.source = source;
    this.topology = read(source, TOPOLOGY, Topology.class);
    this.datasets = readDatasets(source);
    this.messages = MessageSchemaLoader.load(source);
  }

  /** The contracts packaged in the jar: what a deployed service runs with. */
  public static Contracts packaged() {
    return new Contracts(ContractSource.classpath());
  }

  public static Contracts from(ContractSource source) {
    return new Contracts(source);
  }

  public ContractSource source() {
    return source;
  }

  public Topology topology() {
    return topology;
  }

  public Map<String, DataContract> datasets() {
    return datasets;
  }

  public Optional<DataContract> dataset(String name) {
    return Optional.ofNullable(datasets.get(name));
  }

  /** The data contract of {@code dataset}; fails when this deployment has none. */
  public DataContract requireDataset(String dataset) {
    return dataset(dataset)
        .orElseThrow(
            () ->
                new UnknownContractException(
                    "no data contract for dataset '%s' (known: %s)"
                        .formatted(dataset, datasets.keySet())));
  }

  /**
   * The data contract of {@code dataset} that can read records written for {@code contractVersion}
   * (any version when null); fails when this deployment has none.
   */
  public DataContract requireDataset(String dataset, String contractVersion) {
    DataContract contract = requireDataset(dataset);
    if (contractVersion != null
        && !contract.contractVersion().canRead(ContractVersion.parse(contractVersion))) {
      throw new UnknownContractException(
          "dataset '%s' has contract %s, which cannot read records of contract %s"
              .formatted(dataset, contract.version(), contractVersion));
    }
    return contract;
  }

  public MessageValidator messages() {
    return messages;
  }

  /** The price tables under prices/, read when first asked for (only cost tools need them). */
  public synchronized PriceTables prices() {
    if (prices == null) {
      prices = PriceTables.from(source, Clock.systemUTC());
    }
    return prices;
  }

  /** The checked list prices of {@code region}; fails when there are none or they are unsound. */
  public PriceTable prices(String region) {
    return prices().load(region);
  }

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  private static <T> T read(ContractSource source, String relative, Class<T> type) {
    try {
      return MAPPER.readValue(source.read(relative), type);
    } catch (IOException e) {
      throw new ContractException(
          "contract " + relative + " does not match " + type.getSimpleName(), e);
    }
  }

  private static Map<String, DataContract> readDatasets(ContractSource source) {
    Map<String, DataContract> byName = new TreeMap<>();
    try (Stream<Path> files = Files.list(source.resolve(DATASETS))) {
      for (Path file :
          files.filter(f -> f.getFileName().toString().endsWith(JSON_SUFFIX)).toList()) {
        String fileName = file.getFileName().toString();
        DataContract contract = read(source, DATASETS + "/" + fileName, DataContract.class);
        String expected = fileName.substring(0, fileName.length() - JSON_SUFFIX.length());
        if (!contract.dataset().equals(expected)) {
          throw new ContractException(
              "datasets/%s declares dataset '%s'; the file must be named after it"
                  .formatted(fileName, contract.dataset()));
        }
        byName.put(contract.dataset(), contract);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + DATASETS + " under " + source.root(), e);
    }
    return Map.copyOf(byName);
  }
}
