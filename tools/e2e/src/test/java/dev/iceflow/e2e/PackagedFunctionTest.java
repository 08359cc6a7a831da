package dev.iceflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iceflow.common.envelope.Envelope;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.common.envelope.TraceContext;
import dev.iceflow.contracts.topology.FunctionSpec;
import dev.iceflow.local.ProjectLayout;
import dev.iceflow.local.emulator.Fixtures;
import dev.iceflow.local.emulator.LocalAws;
import dev.iceflow.local.junit.WithLocalAws;
import dev.iceflow.local.lambda.SqsEvents;
import dev.iceflow.local.platform.FunctionEnvironment;
import dev.iceflow.local.platform.FunctionProcess;
import dev.iceflow.local.platform.RuntimeApiServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The packaged validation function.zip, run as Lambda's Java runtime runs it (its own process,
 * AWS's runtime interface client, the Runtime API), handles an SQS event against the embedded AWS.
 */
@WithLocalAws
class PackagedFunctionTest {

  @Test
  void thePackagedValidationFunctionAnswersAnSqsEventThroughTheRuntimeApi(LocalAws aws)
      throws Exception {
    Fixtures.uploadAirports(aws);
    FunctionSpec spec = aws.contracts().topology().function("validation").orElseThrow();
    Path zip =
        ProjectLayout.discover().root().resolve(spec.module()).resolve("target/function.zip");
    assertThat(zip).exists();
    Path work =
        Files.createDirectories(
            aws.runDirectory().resolve("functions/validation-" + UUID.randomUUID()));
    String batchId = "pkg-" + UUID.randomUUID();
    String queueArn = aws.provisioned().queueArn("validation-ingest");

    long started = System.currentTimeMillis();
    try (RuntimeApiServer api =
            new RuntimeApiServer(
                "arn:aws:lambda:us-east-1:123456789012:function:iceflow-local-validation");
        FunctionProcess function =
            FunctionProcess.start(
                zip,
                work,
                spec.memoryMb(),
                api.address(),
                FunctionEnvironment.of(aws, spec),
                FunctionProcess.runtimeClasspathFrom(System.getProperty("java.class.path")),
                work.resolve("function.log"))) {
      long ready = api.firstNext().get(60, TimeUnit.SECONDS);
      byte[] response =
          api.invoke(
                  SqsEvents.event(SqsEvents.message("m-1", ingest(batchId), queueArn))
                      .toString()
                      .getBytes(StandardCharsets.UTF_8),
                  60_000)
              .get(spec.timeoutSeconds(), TimeUnit.SECONDS);

      JsonNode answer = EnvelopeCodec.mapper().readTree(response);
      assertThat(answer.path("batchItemFailures"))
          .as(new String(response, StandardCharsets.UTF_8))
          .isEmpty();
      assertThat(function.isAlive()).isTrue();
      System.out.printf(
          "validation cold start (process start -> first next): %d ms; zip %d MB%n",
          ready - started, Files.size(zip) / (1024 * 1024));
    }
    try (S3Client s3 = aws.clients().s3()) {
      assertThat(
              s3.headObject(
                      r ->
                          r.bucket(aws.provisioned().bucket("staging"))
                              .key("validated/flights/" + batchId + ".ndjson.gz"))
                  .contentLength())
          .isPositive();
    }
  }

  @Test
  void everyPackagedFunctionStartsAndAsksForWork(LocalAws aws) throws Exception {
    for (String name : List.of("validation", "enrichment", "commit")) {
      FunctionSpec spec = aws.contracts().topology().function(name).orElseThrow();
      Path zip =
          ProjectLayout.discover().root().resolve(spec.module()).resolve("target/function.zip");
      Path work =
          Files.createDirectories(
              aws.runDirectory().resolve("functions/" + name + "-" + UUID.randomUUID()));
      long started = System.currentTimeMillis();
      try (RuntimeApiServer api =
              new RuntimeApiServer(
                  "arn:aws:lambda:us-east-1:123456789012:function:iceflow-local-" + name);
          FunctionProcess function =
              FunctionProcess.start(
                  zip,
                  work,
                  spec.memoryMb(),
                  api.address(),
                  FunctionEnvironment.of(aws, spec),
                  FunctionProcess.runtimeClasspathFrom(System.getProperty("java.class.path")),
                  work.resolve("function.log"))) {
        long ready = api.firstNext().get(60, TimeUnit.SECONDS);
        assertThat(function.isAlive()).as(name).isTrue();
        System.out.printf(
            "%s: cold start (process start -> first next) %d ms; function.zip %d MB%n",
            name, ready - started, Files.size(zip) / (1024 * 1024));
      }
    }
  }

  private static ObjectNode ingest(String batchId) {
    ObjectNode data = EnvelopeCodec.mapper().createObjectNode().put("batchId", batchId);
    ArrayNode records = data.putArray("records");
    List.copyOf(Fixtures.flights().subList(0, 5)).forEach(records::add);
    Envelope envelope =
        new Envelope(
            "pkg." + batchId,
            "ingest.batch",
            "1.0",
            "packaged-test",
            Instant.now(),
            "flights",
            batchId,
            TraceContext.newTrace(),
            null,
            null,
            data);
    return EnvelopeCodec.mapper().valueToTree(envelope);
  }
}
