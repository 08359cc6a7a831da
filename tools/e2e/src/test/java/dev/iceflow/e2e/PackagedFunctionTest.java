package dev.iceflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.contracts.topology.FunctionSpec;
import dev.iceflow.local.ProjectLayout;
import dev.iceflow.local.emulator.IngestBatches;
import dev.iceflow.local.emulator.LocalAws;
import dev.iceflow.local.platform.FunctionEnvironment;
import dev.iceflow.local.platform.FunctionInstance;
import dev.iceflow.local.platform.FunctionPackages;
import dev.iceflow.local.platform.FunctionProcess;
import dev.iceflow.testkit.aws.Fixtures;
import dev.iceflow.testkit.junit.WithLocalAws;
import dev.iceflow.testkit.lambda.SqsEvents;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Each packaged function.zip, run as Lambda runs it (its own process, AWS's runtime interface
 * client or, for a native package, its bootstrap; the Runtime API), starts and asks for work;
 * validation answers an SQS event against the embedded AWS.
 */
@WithLocalAws
class PackagedFunctionTest {

  @Test
  void thePackagedValidationFunctionAnswersAnSqsEventThroughTheRuntimeApi(LocalAws aws)
      throws Exception {
    Fixtures.uploadAirports(aws);
    FunctionSpec spec = aws.contracts().topology().function("validation").orElseThrow();
    String batchId = "pkg-" + UUID.randomUUID();
    byte[] event =
        SqsEvents.event(
                SqsEvents.message(
                    "m-1",
                    EnvelopeCodec.mapper()
                        .valueToTree(
                            IngestBatches.inline(
                                batchId, "packaged-test", Fixtures.flights().subList(0, 5))),
                    aws.provisioned().queueArn("validation-ingest")))
            .toString()
            .getBytes(StandardCharsets.UTF_8);

    try (FunctionInstance function = instance(aws, spec)) {
      function.start();
      byte[] response =
          function
              .invoke(event, spec.timeoutSeconds() * 1000L)
              .get(spec.timeoutSeconds(), TimeUnit.SECONDS);

      JsonNode answer = EnvelopeCodec.mapper().readTree(response);
      assertThat(answer.path("batchItemFailures"))
          .as(new String(response, StandardCharsets.UTF_8))
          .isEmpty();
    }
    try (S3Client s3 = aws.clients().s3()) {
      String staged = "validated/flights/" + batchId + ".ndjson.gz";
      assertThat(
              s3.headObject(r -> r.bucket(aws.provisioned().bucket("staging")).key(staged))
                  .contentLength())
          .isPositive();
    }
  }

  @Test
  void everyPackagedFunctionStartsAndAsksForWork(LocalAws aws) throws Exception {
    // every function the topology declares: a new service cannot ship without a working package
    for (FunctionSpec spec : aws.contracts().topology().functions()) {
      String name = spec.name();
      try (FunctionInstance function = instance(aws, spec)) {
        long coldStart = function.start();
        assertThat(coldStart).as(name).isPositive();
        System.out.printf(
            "%s: cold start (process start -> first next) %d ms; function.zip %d MB%n",
            name, coldStart, Files.size(zip(spec)) / (1024 * 1024));
      }
    }
  }

  private static FunctionInstance instance(LocalAws aws, FunctionSpec spec) throws Exception {
    Path work =
        Files.createDirectories(
            aws.runDirectory().resolve("functions/" + spec.name() + "-" + UUID.randomUUID()));
    return new FunctionInstance(
        spec,
        0,
        zip(spec),
        work,
        FunctionEnvironment.of(aws, spec),
        FunctionProcess.runtimeClasspathFrom(System.getProperty("java.class.path")));
  }

  private static Path zip(FunctionSpec spec) {
    // the native package for the functions -Diceflow.platform.native names (docs/native.md)
    Path zip = FunctionPackages.zipOf(ProjectLayout.discover().root(), spec);
    assertThat(zip).as("build %s first (mvn package)", spec.module()).exists();
    return zip;
  }
}
