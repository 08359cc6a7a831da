package dev.iceflow.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Runs a runbook page's commands in bash from the repository root, as on-call would from a clone:
 * against the deployment the environment names (the local platform here), with the project's
 * virtualenv (the AWS CLI) first on the PATH and no AWS variables of the machine leaking in.
 */
final class RunbookShell {

  private static final String AWS_VARIABLE_PREFIX = "AWS_";

  private final Path repositoryRoot;
  private final Path virtualenv;
  private final Path workDirectory;

  RunbookShell(Path repositoryRoot, Path virtualenv, Path workDirectory) {
    this.repositoryRoot = repositoryRoot;
    this.virtualenv = virtualenv;
    this.workDirectory = workDirectory;
  }

  /** The page's output (stdout and stderr interleaved) and exit status. */
  record Result(int exitCode, String output) {}

  Result run(RunbookPage page, Map<String, String> environment)
      throws IOException, InterruptedException {
    String name = page.path().getFileName().toString().replace(".md", "");
    Path script = workDirectory.resolve(name + ".sh");
    Path output = workDirectory.resolve(name + ".out");
    Files.writeString(script, page.script());
    ProcessBuilder bash =
        new ProcessBuilder("bash", script.toString())
            .directory(repositoryRoot.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile());
    Map<String, String> env = bash.environment();
    env.keySet().removeIf(k -> k.startsWith(AWS_VARIABLE_PREFIX));
    env.put("PATH", virtualenv.resolve("bin") + ":" + env.get("PATH"));
    env.put("RUNBOOK_WORK_DIR", workDirectory.toString());
    env.putAll(environment);
    int exit = bash.start().waitFor();
    return new Result(exit, Files.readString(output, StandardCharsets.UTF_8));
  }
}
