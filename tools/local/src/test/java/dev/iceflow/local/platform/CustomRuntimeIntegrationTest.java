package dev.iceflow.local.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iceflow.contracts.Contracts;
import dev.iceflow.contracts.topology.FunctionSpec;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A function.zip with a {@code bootstrap} at its root runs as Lambda's provided.al2023 runs it: the
 * platform executes the bootstrap (no arguments) in the task root with AWS_LAMBDA_RUNTIME_API, and
 * the bootstrap's own loop over the Runtime API serves the invocations. The bootstrap here is the
 * shell-and-curl runtime of AWS's custom runtime tutorial, answering each event with the event and
 * the environment it was started with.
 */
class CustomRuntimeIntegrationTest {

  private static final String BOOTSTRAP =
      """
      #!/bin/bash
      set -euo pipefail
      api="http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime/invocation"
      while true; do
        headers=$(mktemp)
        event=$(curl -sS -D "$headers" "$api/next")
        id=$(grep -i '^Lambda-Runtime-Aws-Request-Id:' "$headers" | tr -d '[:space:]' | cut -d: -f2)
        answer="{\\"event\\":$event,\\"taskRoot\\":\\"$LAMBDA_TASK_ROOT\\",\\"cwd\\":\\"$PWD\\",\\"args\\":$#}"
        curl -sS -X POST "$api/$id/response" -d "$answer" > /dev/null
      done
      """;

  @Test
  void theBootstrapOfAProvidedRuntimeZipServesTheInvocations(@TempDir Path dir) throws Exception {
    FunctionSpec spec = Contracts.packaged().topology().function("validation").orElseThrow();
    Path zip = zipWithBootstrap(dir.resolve("function.zip"));
    try (FunctionInstance function =
        new FunctionInstance(spec, 0, zip, dir.resolve("work"), Map.of(), "")) {
      assertThat(function.start()).as("cold start: the bootstrap asked for work").isPositive();

      byte[] answer =
          function
              .invoke("{\"n\":1}".getBytes(StandardCharsets.UTF_8), 30_000)
              .get(30, TimeUnit.SECONDS);
      String text = new String(answer, StandardCharsets.UTF_8);
      Path taskRoot = dir.resolve("work").resolve("task");
      assertThat(text)
          .contains("\"event\":{\"n\":1}")
          .contains("\"taskRoot\":\"" + taskRoot + "\"")
          .contains("\"cwd\":\"" + taskRoot + "\"")
          .contains("\"args\":0");
      assertThat(
              function
                  .invoke("{\"n\":2}".getBytes(StandardCharsets.UTF_8), 30_000)
                  .get(30, TimeUnit.SECONDS))
          .asString(StandardCharsets.UTF_8)
          .as("the same process serves the next invocation")
          .contains("\"event\":{\"n\":2}");
    }
  }

  private static Path zipWithBootstrap(Path zip) throws IOException {
    try (OutputStream file = Files.newOutputStream(zip);
        ZipOutputStream out = new ZipOutputStream(file)) {
      out.putNextEntry(new ZipEntry(FunctionProcess.BOOTSTRAP));
      out.write(BOOTSTRAP.getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
    return zip;
  }
}
