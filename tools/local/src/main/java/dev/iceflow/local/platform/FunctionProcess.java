package dev.iceflow.local.platform;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A function's packaged artifact (the function.zip quarkus-amazon-lambda builds) running as its own
 * OS process, the way Lambda runs it: the zip unpacked as the task root, then either (Java runtime)
 * AWS's runtime interface client in front of the handler, the heap sized from the function's
 * memory, or (provided.al2023, a zip with a {@code bootstrap}: the native executable) the task
 * root's {@code bootstrap} itself, which talks to the Runtime API on its own.
 */
public final class FunctionProcess implements AutoCloseable {

  /** The handler quarkus-amazon-lambda packages (CDI picks the function's own handler bean). */
  public static final String HANDLER =
      "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest";

  private static final String RIC_MAIN =
      "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";

  /** The executable a provided.al2023 function.zip carries at its root. */
  static final String BOOTSTRAP = "bootstrap";

  /** Share of the function's memory given to the heap, leaving room for metaspace and threads. */
  private static final double HEAP_SHARE = 0.75;

  /** How long a kill waits for the last lines of the output to be copied and handed over. */
  private static final long OUTPUT_DRAIN_SECONDS = 5;

  private final Process process;
  private final Thread outputPump;

  private FunctionProcess(Process process, Thread outputPump) {
    this.process = process;
    this.outputPump = outputPump;
  }

  /**
   * @param runtimeClasspath the runtime interface client and its libraries (not the function's)
   * @param log where every line of the process's output is appended
   * @param functionName the deployed name {@code output} hears the lines under
   * @param output the platform's reader of the output lines (EMF metrics)
   */
  public static FunctionProcess start(
      Path functionZip,
      Path workDir,
      int memoryMb,
      String runtimeApi,
      Map<String, String> environment,
      String runtimeClasspath,
      Path log,
      String functionName,
      FunctionOutput output)
      throws IOException {
    Path taskRoot = workDir.resolve("task");
    unzip(functionZip, taskRoot);
    Path bootstrap = taskRoot.resolve(BOOTSTRAP);
    List<String> command =
        Files.isRegularFile(bootstrap)
            ? customRuntimeCommand(bootstrap)
            : javaRuntimeCommand(memoryMb, runtimeClasspath);
    // stderr joins stdout, as both reach the function's log stream in Lambda; the platform reads
    // the pipe (OutputPump) rather than redirecting it to the log, to see every EMF line
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(environment);
    builder.environment().put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
    builder.environment().put("LAMBDA_TASK_ROOT", taskRoot.toString());
    // the runtime interface client takes its working folder as the task root (/var/task in AWS)
    builder.directory(taskRoot.toFile());
    builder.environment().put("_HANDLER", HANDLER);
    Process process = builder.start();
    return new FunctionProcess(
        process, OutputPump.start(process.getInputStream(), log, functionName, output));
  }

  /** Lambda's java25 runtime: the runtime interface client runs the handler on a JVM. */
  private static List<String> javaRuntimeCommand(int memoryMb, String runtimeClasspath) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + (int) (memoryMb * HEAP_SHARE) + "m");
    command.add("-XX:+UseSerialGC");
    command.add("-Djava.net.preferIPv4Stack=true");
    command.add("-cp");
    command.add(runtimeClasspath);
    command.add(RIC_MAIN);
    command.add(HANDLER);
    return command;
  }

  /**
   * provided.al2023: Lambda executes the zip's {@code bootstrap} with no arguments (the zip's file
   * modes are not kept by the unpacking here, so it is made executable first).
   */
  private static List<String> customRuntimeCommand(Path bootstrap) throws IOException {
    if (!bootstrap.toFile().setExecutable(true)) {
      throw new IOException("cannot make " + bootstrap + " executable");
    }
    return List.of(bootstrap.toString());
  }

  /**
   * Runs {@code action} once the process has exited, however it ended (a crash, a kill, a halt at
   * an injected fault point).
   */
  public void onExit(Runnable action) {
    process.onExit().thenRun(action);
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public long pid() {
    return process.pid();
  }

  /**
   * Kills the process at once (a timeout, or a test's crash): what Lambda does past the deadline.
   * Returns once what the process wrote before is in its log and handed over (its EMF metrics reach
   * the platform's publisher before the platform closes it).
   */
  public void kill() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(5, TimeUnit.SECONDS);
      outputPump.join(TimeUnit.SECONDS.toMillis(OUTPUT_DRAIN_SECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    kill();
  }

  private static void unzip(Path zip, Path target) throws IOException {
    if (Files.isDirectory(target)) {
      return;
    }
    Files.createDirectories(target);
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
      for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        Path out = target.resolve(entry.getName()).normalize();
        if (!out.startsWith(target)) {
          throw new IOException("zip entry %s escapes %s".formatted(entry.getName(), target));
        }
        if (entry.isDirectory()) {
          Files.createDirectories(out);
        } else {
          Files.createDirectories(out.getParent());
          Files.copy(in, out);
        }
      }
    }
  }

  /**
   * The runtime interface client's classpath, from the jars on this JVM's classpath (including a
   * runnable jar's manifest Class-Path, as with {@code java -jar iceflow-local.jar}).
   */
  public static String runtimeClasspathFrom(String classpath) {
    List<String> ric = new ArrayList<>();
    for (String entry : withManifestClassPaths(classpath)) {
      String name = Path.of(entry).getFileName().toString();
      if (name.startsWith("aws-lambda-java-runtime-interface-client")
          || name.startsWith("aws-lambda-java-core")
          || name.startsWith("aws-lambda-java-serialization")
          || name.startsWith("utils-lite")) {
        ric.add(entry);
      }
    }
    return String.join(File.pathSeparator, ric);
  }

  private static List<String> withManifestClassPaths(String classpath) {
    List<String> entries = new ArrayList<>();
    for (String entry : classpath.split(File.pathSeparator)) {
      entries.add(entry);
      if (!entry.endsWith(".jar") || !Files.isRegularFile(Path.of(entry))) {
        continue;
      }
      try (java.util.jar.JarFile jar = new java.util.jar.JarFile(entry)) {
        java.util.jar.Manifest manifest = jar.getManifest();
        String declared =
            manifest == null
                ? null
                : manifest.getMainAttributes().getValue(java.util.jar.Attributes.Name.CLASS_PATH);
        if (declared != null) {
          Path base = Path.of(entry).toAbsolutePath().getParent();
          for (String relative : declared.trim().split("\\s+")) {
            entries.add(base.resolve(relative).toString());
          }
        }
      } catch (IOException e) {
        throw new java.io.UncheckedIOException("cannot read " + entry, e);
      }
    }
    return entries;
  }
}
