package dev.iceflow.local.emulator;

import dev.iceflow.local.ProjectLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The project-local virtualenv with the pinned moto server, created on first use by {@code
 * tools/local/bin/ensure-venv.sh} (one implementation for the scripts and the JVM).
 */
public final class MotoVirtualenv {

  private static final long INSTALL_TIMEOUT_MINUTES = 10;

  private MotoVirtualenv() {}

  /** Returns the virtualenv's Python, installing the virtualenv first if needed. */
  public static Path python(ProjectLayout layout) {
    Path python = ensure(layout).resolveSibling("python");
    if (!Files.isExecutable(python)) {
      throw new EmulatorException("the emulator's virtualenv has no " + python);
    }
    return python;
  }

  /** Returns the moto_server executable, installing the virtualenv first if needed. */
  public static Path ensure(ProjectLayout layout) {
    Path script = layout.ensureVenvScript();
    try {
      Process process =
          new ProcessBuilder("bash", script.toString())
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      String output =
          new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!process.waitFor(INSTALL_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new EmulatorException(
            "installing the emulator's virtualenv took over %d minutes"
                .formatted(INSTALL_TIMEOUT_MINUTES));
      }
      if (process.exitValue() != 0) {
        throw new EmulatorException(
            "%s failed with exit code %d".formatted(script, process.exitValue()));
      }
      Path venv = Path.of(output.lines().reduce((a, b) -> b).orElseThrow());
      Path server = venv.resolve("bin/moto_server");
      if (!Files.isExecutable(server)) {
        throw new EmulatorException("the virtualenv " + venv + " has no moto_server");
      }
      return server;
    } catch (IOException e) {
      throw new EmulatorException("cannot run " + script, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EmulatorException("interrupted while installing the emulator", e);
    }
  }
}
