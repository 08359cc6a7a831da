import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The {@code native-image} command of the self-assembled toolchain (tools/native/build-toolchain.sh).
 * GraalVM's own driver is not published to Maven Central, so this one does the part of its job a
 * Quarkus build needs: it answers {@code --version} the way GraalVM CE does, turns the driver's
 * options into the builder's {@code -H:} options, reads the {@code native-image.properties} that
 * libraries ship, and starts the builder (the svm jars) on the toolchain's JDK. An option it does
 * not know stops the build with its name rather than being dropped.
 */
public final class NativeImageDriver {

  private static final String PROPERTIES_ROOT = "META-INF/native-image/";
  private static final String PROPERTIES_FILE = "native-image.properties";

  /** The reachability metadata files the builder reads from a configuration resource root. */
  private static final Set<String> CONFIGURATION_FILES =
      Set.of(
          "reachability-metadata.json",
          "reflect-config.json",
          "resource-config.json",
          "jni-config.json",
          "proxy-config.json",
          "serialization-config.json",
          "predefined-classes-config.json");

  private final Path home = Path.of(System.getProperty("java.home"));
  private final List<String> jvmOptions = new ArrayList<>();
  private final List<String> builderOptions = new ArrayList<>();
  private final Set<String> classpath = new LinkedHashSet<>();
  private final Set<String> scannedEntries = new LinkedHashSet<>();
  private final Set<String> configurationRoots = new LinkedHashSet<>();
  private String mainClass;
  private String imageName;

  public static void main(String[] args) throws Exception {
    if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-version"))) {
      printVersion();
      return;
    }
    NativeImageDriver driver = new NativeImageDriver();
    driver.parse(new ArrayDeque<>(List.of(args)), Path.of("").toAbsolutePath());
    driver.readLibraryProperties();
    System.exit(driver.build());
  }

  /** The lines Quarkus's version parser reads (GraalVM CE's format, after oracle/graal#6302). */
  private static void printVersion() {
    Runtime.Version java = Runtime.version();
    String feature = java.version().stream().map(String::valueOf).reduce((a, b) -> a + "." + b).orElseThrow();
    String build = feature + "+" + java.build().orElse(1);
    System.out.println("native-image " + feature + " " + System.getProperty("java.version.date", "2026-01-20"));
    System.out.println("GraalVM Runtime Environment GraalVM CE " + build + ".1 (build " + build + "-jvmci-b01)");
    System.out.println("Substrate VM GraalVM CE " + build + ".1 (build " + build + ", serial gc)");
  }

  private void parse(Deque<String> args, Path base) throws IOException {
    while (!args.isEmpty()) {
      String arg = args.poll();
      if (arg.startsWith("@")) {
        Deque<String> expanded = new ArrayDeque<>();
        for (String line : Files.readAllLines(base.resolve(arg.substring(1)))) {
          for (String token : line.trim().split("\\s+")) {
            if (!token.isEmpty()) expanded.add(token);
          }
        }
        parse(expanded, base);
      } else if (arg.startsWith("-J")) {
        jvmOptions.add(arg.substring(2));
      } else if (arg.startsWith("-D")) {
        jvmOptions.add(arg);
      } else if (arg.startsWith("-H:") || arg.startsWith("-R:")) {
        builderOptions.add(arg);
      } else if (arg.equals("-jar")) {
        addJar(base.resolve(args.poll()), true);
      } else if (arg.equals("-cp") || arg.equals("-classpath") || arg.equals("--class-path")) {
        for (String entry : args.poll().split(":")) classpath.add(base.resolve(entry).toString());
      } else if (arg.equals("-o")) {
        imageName = args.poll();
      } else if (arg.equals("--no-fallback")) {
        builderOptions.add("-H:FallbackThreshold=0");
      } else if (arg.startsWith("--features=")) {
        builderOptions.add("-H:Features=" + value(arg));
      } else if (arg.startsWith("--initialize-at-run-time=")) {
        classInitialization(value(arg), "run_time");
      } else if (arg.startsWith("--initialize-at-build-time")) {
        classInitialization(arg.contains("=") ? value(arg) : "", "build_time");
      } else if (arg.startsWith("--enable-url-protocols=")) {
        builderOptions.add("-H:EnableURLProtocols=" + value(arg));
      } else if (arg.equals("--enable-http") || arg.equals("--enable-https")) {
        builderOptions.add("-H:EnableURLProtocols=" + arg.substring("--enable-".length()));
      } else if (arg.equals("--enable-all-security-services")) {
        // every security service is reachable by default since GraalVM 21
      } else if (arg.startsWith("--enable-monitoring")) {
        builderOptions.add("-H:EnableMonitoringFeatures=" + (arg.contains("=") ? value(arg) : "all"));
      } else if (arg.startsWith("--enable-native-access=")) {
        builderOptions.add("-H:EnableNativeAccess=" + value(arg));
      } else if (arg.matches("-O[0-9bs]")) {
        builderOptions.add("-H:Optimize=" + arg.substring(2));
      } else if (arg.equals("--report-unsupported-elements-at-runtime")) {
        builderOptions.add("-H:+ReportUnsupportedElementsAtRuntime");
      } else if (arg.equals("--link-at-build-time")) {
        builderOptions.add("-H:LinkAtBuildTime=");
      } else if (arg.startsWith("--link-at-build-time=")) {
        builderOptions.add("-H:LinkAtBuildTime=" + value(arg));
      } else if (arg.startsWith("--exclude-config")) {
        builderOptions.add("-H:ExcludeConfig=" + args.poll() + "," + args.poll());
      } else if (arg.equals("-g")) {
        builderOptions.add("-H:GenerateDebugInfo=1");
      } else if (arg.equals("--verbose") || arg.equals("--silent") || arg.equals("--gc=serial")
          || arg.equals("--install-exit-handlers")) {
        if (arg.equals("--install-exit-handlers")) builderOptions.add("-H:+InstallExitHandlers");
      } else if (arg.startsWith("-") ) {
        throw new IllegalArgumentException("native-image option not supported by this toolchain: " + arg);
      } else if (mainClass == null) {
        mainClass = arg;
      } else {
        imageName = arg;
      }
    }
  }

  private static String value(String option) {
    return option.substring(option.indexOf('=') + 1);
  }

  private void classInitialization(String classes, String when) {
    for (String name : classes.split(",")) {
      if (!name.isBlank()) builderOptions.add("-H:ClassInitialization=" + name + ":" + when);
    }
  }

  private void addJar(Path jar, boolean main) throws IOException {
    classpath.add(jar.toString());
    try (JarFile file = new JarFile(jar.toFile())) {
      if (file.getManifest() == null) return;
      Attributes attributes = file.getManifest().getMainAttributes();
      if (main && attributes.getValue(Attributes.Name.MAIN_CLASS) != null) {
        mainClass = attributes.getValue(Attributes.Name.MAIN_CLASS);
        if (imageName == null) imageName = jar.getFileName().toString().replaceFirst("\\.jar$", "");
      }
      String declared = attributes.getValue(Attributes.Name.CLASS_PATH);
      if (declared != null) {
        for (String relative : declared.trim().split("\\s+")) {
          Path entry = jar.toAbsolutePath().getParent().resolve(relative).normalize();
          if (Files.exists(entry)) classpath.add(entry.toString());
        }
      }
    }
  }

  /** The Args each library's META-INF/native-image/.../native-image.properties asks for. */
  private void readLibraryProperties() throws IOException {
    for (String entry : new ArrayList<>(classpath)) {
      if (!scannedEntries.add(entry)) continue;
      Path path = Path.of(entry);
      if (Files.isDirectory(path)) {
        scan(path);
      } else if (Files.isRegularFile(path) && entry.endsWith(".jar")) {
        try (FileSystem jar = FileSystems.newFileSystem(path)) {
          scan(jar.getPath("/"));
        }
      }
    }
    // the builder reads each root's metadata files as class path resources
    for (String root : configurationRoots) {
      builderOptions.add("-H:ConfigurationResourceRoots=" + root);
    }
  }

  /** Reads {@code entry}'s META-INF/native-image: its properties, and its metadata roots. */
  private void scan(Path entry) throws IOException {
    Path root = entry.resolve(PROPERTIES_ROOT);
    if (!Files.isDirectory(root)) return;
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files = walk.filter(p -> p.getFileName() != null && p.getFileName().toString().equals(PROPERTIES_FILE)).toList();
    }
    try (Stream<Path> walk = Files.walk(root)) {
      walk.filter(p -> p.getFileName() != null && CONFIGURATION_FILES.contains(p.getFileName().toString()))
          .map(p -> entry.relativize(p.getParent()).toString().replace('\\', '/'))
          .forEach(configurationRoots::add);
    }
    for (Path file : files) {
      Properties properties = new Properties();
      try (InputStream in = Files.newInputStream(file)) {
        properties.load(in);
      }
      // ${.} is the properties' folder: a class path resource path inside a jar, a file path otherwise
      boolean inJar = !entry.getFileSystem().equals(FileSystems.getDefault());
      String dir = inJar ? entry.relativize(file.getParent()).toString() : file.getParent().toString();
      String args = properties.getProperty("Args");
      if (args != null) {
        Deque<String> tokens = new ArrayDeque<>();
        for (String token : args.replace("${.}", dir).trim().split("\\s+")) {
          if (!token.isEmpty()) tokens.add(token);
        }
        parse(tokens, Path.of("").toAbsolutePath());
      }
      String javaArgs = properties.getProperty("JavaArgs");
      if (javaArgs != null) {
        for (String token : javaArgs.trim().split("\\s+")) if (!token.isEmpty()) jvmOptions.add(token);
      }
    }
  }

  private int build() throws IOException, InterruptedException {
    Path svm = home.resolve("lib/svm");
    Path clibraries = svm.resolve("clibraries/linux-amd64/glibc");
    List<String> command = new ArrayList<>();
    command.add(home.resolve("bin/java").toString());
    command.add("@" + svm.resolve("builder/builder-jvm.args"));
    command.addAll(jvmOptions);
    command.add("--upgrade-module-path");
    command.add(modulePath(svm.resolve("builder/upgrade")));
    command.add("--module-path");
    command.add(modulePath(svm.resolve("builder")));
    command.add("-m");
    command.add("org.graalvm.nativeimage.builder/com.oracle.svm.hosted.NativeImageGeneratorRunner");
    command.add("-imagecp");
    command.add(String.join(":", classpath));
    command.add("-H:ImageBuildID=" + UUID.randomUUID());
    command.add("-H:CLibraryPath=" + clibraries);
    // the JDK's own libraries are shared here (no static JDK libraries): the executable finds them
    // in lib/ beside itself, where package-native-zip.sh puts them
    command.add("-H:NativeLinkerOption=-Wl,-rpath,$ORIGIN/lib");
    if (mainClass != null) command.add("-H:Class=" + mainClass);
    if (imageName != null) {
      Path name = Path.of("").toAbsolutePath().resolve(imageName);
      command.add("-H:Name=" + name.getFileName());
      command.add("-H:Path=" + name.getParent());
    }
    command.addAll(builderOptions);
    if (System.getenv("ICEFLOW_NATIVE_DRIVER_ECHO") != null) System.err.println(String.join("\n", command));
    return new ProcessBuilder(command).inheritIO().start().waitFor();
  }

  private static String modulePath(Path dir) {
    try (Stream<Path> jars = Files.list(dir)) {
      return String.join(":", jars.filter(p -> p.toString().endsWith(".jar")).sorted().map(Path::toString).toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
