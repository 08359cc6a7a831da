package dev.iceflow.local;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where things are in a checkout of this repository, found from the working folder upwards. */
public record ProjectLayout(Path root) {

  /** System property naming the repository root (set by the build for tests). */
  public static final String ROOT_PROPERTY = "dev.iceflow.project-root";

  private static final String MARKER = "contracts/topology.json";

  public static ProjectLayout discover() {
    String configured = System.getProperty(ROOT_PROPERTY);
    if (configured != null
        && !configured.isBlank()
        && Files.isRegularFile(Path.of(configured).resolve(MARKER))) {
      return new ProjectLayout(Path.of(configured).toAbsolutePath());
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve(MARKER)) && Files.isRegularFile(dir.resolve("pom.xml"))) {
        return new ProjectLayout(dir);
      }
    }
    throw new IllegalStateException(
        "cannot find the iceflow repository (a folder with %s) above %s; set -D%s"
            .formatted(MARKER, Path.of("").toAbsolutePath(), ROOT_PROPERTY));
  }

  public Path contracts() {
    return root.resolve("contracts");
  }

  /** Untracked local state: virtualenv, run folders, catalog files. */
  public Path localState() {
    return root.resolve(".local");
  }

  public Path ensureVenvScript() {
    return root.resolve("tools/local/bin/ensure-venv.sh");
  }

  /** Starts moto server with IAM enforced and the operator's key test/test (an administrator). */
  public Path iamEnforcingMotoLauncher() {
    return root.resolve("tools/local/python/iam_enforcing_moto.py");
  }

  public Path runs() {
    return localState().resolve("runs");
  }
}
