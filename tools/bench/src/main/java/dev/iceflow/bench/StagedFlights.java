package dev.iceflow.bench;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.iceflow.common.envelope.Envelope;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.common.hash.Sha256;
import dev.iceflow.common.reference.ReferenceTable;
import dev.iceflow.common.stage.Stage;
import dev.iceflow.common.stage.StageEvents;
import dev.iceflow.contracts.dataset.DataContract;
import dev.iceflow.contracts.dataset.InputField;
import dev.iceflow.contracts.message.payload.DatafilesStagedV2;
import dev.iceflow.contracts.message.payload.DatafilesStagedV2.Fingerprint;
import dev.iceflow.contracts.message.payload.TableName;
import dev.iceflow.enrichment.DataFileWriter;
import dev.iceflow.iceberg.ContractTableCreator;
import dev.iceflow.iceberg.StagedDataFiles;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.inmemory.InMemoryCatalog;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Uri;
import software.amazon.awssdk.services.s3.S3Utilities;

/**
 * Staged batches of real flights, as enrichment stages them: Parquet files in the table's location
 * (not committed) and a datafiles.staged v2 message each. The Parquet of each chunk of flights is
 * written once; every batch gets its own copies of a chunk's files (S3 CopyObject), so each commit
 * adds files of its own without re-encoding rows.
 */
final class StagedFlights {

  private final DataContract contract;
  private final Table table;
  private final S3Client s3;
  private final EnvelopeCodec codec;
  private final StageEvents events;
  private final List<List<DataFile>> chunks = new ArrayList<>();
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private int staged;

  StagedFlights(
      DataContract contract,
      Table table,
      S3Client s3,
      EnvelopeCodec codec,
      List<List<Record>> enrichedChunks) {
    this.contract = contract;
    this.table = table;
    this.s3 = s3;
    this.codec = codec;
    this.events = new StageEvents(Stage.ENRICHMENT, codec);
    for (int i = 0; i < enrichedChunks.size(); i++) {
      chunks.add(
          DataFileWriter.write(
              table, table.schema(), "template-" + run + "-" + i, enrichedChunks.get(i)));
    }
  }

  /** The first {@code count} batches of {@code size} real flights, validated and enriched. */
  static List<List<Record>> enrichedChunks(
      FlightsData data, DataContract contract, int size, int count) throws Exception {
    ReferenceTable airports = StageBenchmark.airports(data.airports());
    InMemoryCatalog rows = new InMemoryCatalog();
    rows.initialize("rows", Map.of());
    Table table = ContractTableCreator.loadOrCreate(rows, contract.table());
    Map<String, InputField> fields =
        contract.input().fields().stream()
            .collect(Collectors.toMap(InputField::name, Function.identity()));
    List<List<Record>> chunks = new ArrayList<>();
    for (byte[] batch :
        StageBenchmark.ndjsonBatches(
            (ArrayNode) new ObjectMapper().readTree(data.flights().toFile()), size)) {
      chunks.add(StageBenchmark.pipeline(batch, contract, table, fields, airports, false));
      if (chunks.size() == count) {
        break;
      }
    }
    return chunks;
  }

  /** The batch id of the one staged batch {@code event} holds. */
  String batchIdOf(SQSEvent event) {
    return codec
        .decode(event.getRecords().get(0).getBody())
        .payload(DatafilesStagedV2.class)
        .batchId();
  }

  /** One FIFO batch of {@code batches} staged batches, each of one chunk's files, copied anew. */
  SQSEvent next(int batches) {
    List<SQSMessage> messages = new ArrayList<>();
    for (int i = 0; i < batches; i++) {
      messages.add(message(stage()));
    }
    SQSEvent event = new SQSEvent();
    event.setRecords(messages);
    return event;
  }

  private DatafilesStagedV2 stage() {
    String batchId = "bench-%s-%06d".formatted(run, staged);
    List<DataFile> template = chunks.get(staged % chunks.size());
    staged++;
    List<DataFile> copies = template.stream().map(f -> copy(f, batchId)).toList();
    long records = copies.stream().mapToLong(DataFile::recordCount).sum();
    return StagedDataFiles.payload(
        table,
        new TableName(contract.table().namespace(), contract.table().name()),
        batchId,
        contract.version(),
        "1",
        Instant.now(),
        new Fingerprint(records, Sha256.hex(batchId.getBytes(StandardCharsets.UTF_8))),
        copies);
  }

  private DataFile copy(DataFile file, String batchId) {
    String location = file.location();
    int slash = location.lastIndexOf('/');
    String copied =
        location.substring(0, slash + 1) + batchId + "-" + location.substring(slash + 1);
    S3Utilities utilities = s3.utilities();
    S3Uri from = utilities.parseUri(java.net.URI.create(location));
    S3Uri to = utilities.parseUri(java.net.URI.create(copied));
    s3.copyObject(
        r ->
            r.sourceBucket(from.bucket().orElseThrow())
                .sourceKey(from.key().orElseThrow())
                .destinationBucket(to.bucket().orElseThrow())
                .destinationKey(to.key().orElseThrow()));
    return DataFiles.builder(table.specs().get(file.specId())).copy(file).withPath(copied).build();
  }

  private SQSMessage message(DatafilesStagedV2 payload) {
    Envelope envelope =
        events.originate(
            payload.batchId() + ".staged",
            payload,
            Instant.now(),
            contract.dataset(),
            payload.batchId());
    SQSMessage message = new SQSMessage();
    message.setMessageId(UUID.randomUUID().toString());
    message.setBody(codec.encode(envelope));
    return message;
  }
}
