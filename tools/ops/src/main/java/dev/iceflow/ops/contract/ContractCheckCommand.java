package dev.iceflow.ops.contract;

import dev.iceflow.contracts.ContractException;
import dev.iceflow.contracts.ContractSource;
import dev.iceflow.contracts.Contracts;
import dev.iceflow.contracts.compat.PublishedContracts;
import dev.iceflow.ops.OpsFailure;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ops contract check}: the gate a contract change passes before it is published, the same
 * check the build runs (PublishedContractsTest) without a build: every contract compatible with its
 * published copy, and its version raised when it changed.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Compares every contract of the repository with its published copy (contracts/published/):"
          + " fails on a breaking change within a major version or a change without a raised"
          + " version, listing each.",
      "Exit codes: 0 compatible, 1 not (each problem on stdout), 2 bad arguments."
    })
public final class ContractCheckCommand implements Callable<Integer> {

  /** Where on-call runs ops from: the repository root. */
  private static final String CONTRACTS_DEFAULT = "contracts";

  @Spec CommandSpec spec;

  @Option(
      names = "--contracts",
      paramLabel = "DIR",
      defaultValue = CONTRACTS_DEFAULT,
      description = "The contracts directory to check (default: ${DEFAULT-VALUE}).")
  Path contracts;

  @Override
  public Integer call() {
    if (!Files.isDirectory(contracts)) {
      throw new OpsFailure(
          "No contracts directory at %s: run from the repository root, or give --contracts"
              .formatted(contracts.toAbsolutePath()));
    }
    List<String> problems = new PublishedContracts(read(contracts)).check();
    PrintWriter out = spec.commandLine().getOut();
    problems.forEach(out::println);
    if (!problems.isEmpty()) {
      throw new OpsFailure(
          "%d problem(s) against the published contracts in %s"
              .formatted(problems.size(), contracts));
    }
    out.println("contracts are compatible with the published copies");
    return 0;
  }

  private static Contracts read(Path directory) {
    try {
      return Contracts.from(ContractSource.directory(directory));
    } catch (ContractException e) {
      throw new OpsFailure("Cannot read the contracts in " + directory, e);
    }
  }
}
