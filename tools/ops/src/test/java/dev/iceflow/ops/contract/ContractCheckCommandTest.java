package dev.iceflow.ops.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iceflow.local.ProjectLayout;
import dev.iceflow.ops.OpsRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContractCheckCommandTest {

  private static final Path REPOSITORY_CONTRACTS =
      ProjectLayout.discover().root().resolve("contracts");

  @Test
  void shouldPass_whenTheRepositorysContractsAreCompatibleWithTheirPublishedCopies() {
    OpsRun run = check(REPOSITORY_CONTRACTS);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("contracts are compatible with the published copies");
  }

  @Test
  void shouldFailNamingTheChange_whenAColumnChangesTypeWithinItsMajor(@TempDir Path copy)
      throws IOException {
    copyContracts(copy);
    Path flights = copy.resolve("datasets/flights.json");
    String text = Files.readString(flights);
    String broken =
        text.replace(
                "\"name\": \"delay_minutes\", \"type\": \"int\"",
                "\"name\": \"delay_minutes\", \"type\": \"string\"")
            .replace("\"version\": \"1.2\"", "\"version\": \"1.3\"");
    assertThat(broken).as("the edit matched").contains("\"type\": \"string\"");
    Files.writeString(flights, broken);

    OpsRun run = check(copy);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out())
        .contains(
            "datasets/flights.json: breaking change table column 4 (delay_minutes): type changed"
                + " from int to string");
    assertThat(run.err()).contains("1 problem(s) against the published contracts");
  }

  @Test
  void shouldFailInOneLine_whenThereIsNoContractsDirectory(@TempDir Path empty) {
    OpsRun run = check(empty.resolve("nowhere"));

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("No contracts directory at");
  }

  private static OpsRun check(Path contracts) {
    return OpsRun.execute(
        Clock.systemUTC(), "contract", "check", "--contracts", contracts.toString());
  }

  /** The repository's contracts with their published copies, without the module's build files. */
  private static void copyContracts(Path to) throws IOException {
    try (Stream<Path> files = Files.walk(REPOSITORY_CONTRACTS)) {
      for (Path source :
          files
              .filter(
                  f ->
                      !f.startsWith(REPOSITORY_CONTRACTS.resolve("target"))
                          && !f.startsWith(REPOSITORY_CONTRACTS.resolve("src")))
              .toList()) {
        Path target = to.resolve(REPOSITORY_CONTRACTS.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    }
  }
}
