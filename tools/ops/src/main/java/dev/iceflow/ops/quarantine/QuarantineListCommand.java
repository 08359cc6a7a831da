package dev.iceflow.ops.quarantine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.ops.OpsFailure;
import dev.iceflow.ops.aws.AwsTarget;
import dev.iceflow.ops.aws.DeploymentPrefix;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code ops quarantine list}: the quarantine objects, one line per batch. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "The quarantine objects, one per rejected batch and stage: key, records, the records per"
          + " reason (the first rule each broke) and, when replayed with ops quarantine replay,"
          + " the batch id it was replayed as (from replays/<key>.json in the same bucket).",
      "The same in AWS and on the local platform (--endpoint-url); only the bucket's default"
          + " name differs (see --quarantine-bucket)."
    },
    footer = {
      "",
      "--json fields:",
      "  bucket, batches[]: key, stage, dataset, batchId, records,",
      "    reasons{rule: count}, replays[]{batchId, records, contentSha256, envelopeId,",
      "    snsMessageId, topicArn, replayedAt}",
      "",
      "Exit codes: 0 listed, 1 failed (one line on stderr), 2 bad arguments."
    })
public final class QuarantineListCommand implements Callable<Integer> {

  /** Above this many objects, a progress line on stderr every this many. */
  static final int PROGRESS_EVERY = 50;

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Option(names = "--dataset", paramLabel = "DATASET", description = "Only this dataset's.")
  String dataset;

  @Option(names = "--batch", paramLabel = "BATCH", description = "Only this batch id's.")
  String batch;

  @Option(names = "--json", description = "Print one JSON document (fields below) instead of text.")
  boolean json;

  @Mixin QuarantineBucket quarantineBucket;

  @Mixin AwsTarget aws;

  @Mixin DeploymentPrefix deployment;

  @Spec CommandSpec spec;

  /** One listed object with its replays. */
  record Listed(QuarantinedBatch batch, ReplayMarker marker) {}

  @Override
  public Integer call() throws JsonProcessingException {
    String prefix;
    try {
      prefix = deployment.value();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    String bucket = quarantineBucket.name(aws, prefix);
    List<Listed> listed = new ArrayList<>();
    try (S3Client s3 = aws.configure(S3Client.builder()).forcePathStyle(aws.local()).build()) {
      QuarantineStore store = new QuarantineStore(s3, bucket);
      List<QuarantineKey> keys =
          store.keys().stream()
              .filter(k -> dataset == null || dataset.equals(k.dataset()))
              .filter(k -> batch == null || batch.equals(k.batchId()))
              .toList();
      PrintWriter err = spec.commandLine().getErr();
      for (QuarantineKey key : keys) {
        listed.add(new Listed(store.read(key), store.marker(key.key())));
        if (keys.size() > PROGRESS_EVERY && listed.size() % PROGRESS_EVERY == 0) {
          err.printf("ops: read %d of %d quarantine objects%n", listed.size(), keys.size());
          err.flush();
        }
      }
    } catch (SdkException e) {
      throw new OpsFailure("cannot read the quarantine bucket " + bucket, e);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(JSON.writeValueAsString(document(bucket, listed)));
    } else {
      text(bucket, listed, out);
    }
    out.flush();
    return 0;
  }

  private void text(String bucket, List<Listed> listed, PrintWriter out) {
    out.printf("Quarantine s3://%s: %d object(s)%n", bucket, listed.size());
    for (Listed l : listed) {
      QuarantinedBatch b = l.batch();
      out.printf(
          "  %s  %d record(s)  reasons: %s%n",
          b.key().key(),
          b.lines().size(),
          b.reasons().entrySet().stream()
              .map(e -> e.getKey() + " " + e.getValue())
              .collect(Collectors.joining(", ")));
      l.marker()
          .latest()
          .ifPresent(
              r ->
                  out.printf(
                      "    replayed as batch %s (%d record(s)) at %s%s%n",
                      r.batchId(),
                      r.records(),
                      r.replayedAt(),
                      l.marker().replays().size() > 1
                          ? ", %d replays in all".formatted(l.marker().replays().size())
                          : ""));
    }
  }

  private static ObjectNode document(String bucket, List<Listed> listed) {
    ObjectNode root = JSON.createObjectNode();
    root.put("bucket", bucket);
    ArrayNode batches = root.putArray("batches");
    for (Listed l : listed) {
      QuarantinedBatch b = l.batch();
      ObjectNode node = batches.addObject();
      node.put("key", b.key().key());
      node.put("stage", b.key().stage());
      node.put("dataset", b.dataset());
      node.put("batchId", b.batchId());
      node.put("records", b.lines().size());
      ObjectNode reasons = node.putObject("reasons");
      for (Map.Entry<String, Integer> e : b.reasons().entrySet()) {
        reasons.put(e.getKey(), e.getValue());
      }
      node.set("replays", EnvelopeCodec.mapper().valueToTree(l.marker().replays()));
    }
    return root;
  }
}
