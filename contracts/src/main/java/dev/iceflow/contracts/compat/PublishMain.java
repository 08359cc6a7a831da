package dev.iceflow.contracts.compat;

import dev.iceflow.contracts.ContractSource;
import dev.iceflow.contracts.Contracts;
import java.nio.file.Path;
import java.util.List;

/**
 * Release step for contracts: {@code check} lists breaking changes against the published copies;
 * {@code publish} checks, then copies the current contracts over the published ones.
 */
public final class PublishMain {

  private static final String USAGE = "usage: PublishMain <contracts-dir> check|publish";

  private PublishMain() {}

  public static void main(String[] args) {
    if (args.length != 2 || !List.of("check", "publish").contains(args[1])) {
      System.err.println(USAGE);
      System.exit(2);
    }
    PublishedContracts published =
        new PublishedContracts(Contracts.from(ContractSource.directory(Path.of(args[0]))));
    List<String> problems = published.check();
    problems.forEach(System.err::println);
    boolean onlyUnpublished = problems.stream().allMatch(p -> p.contains("never published"));
    if (args[1].equals("publish") && onlyUnpublished) {
      published.publish().forEach(p -> System.out.println("published " + p));
      return;
    }
    if (!problems.isEmpty()) {
      System.exit(1);
    }
    System.out.println("contracts are compatible with the published copies");
  }
}
