package dev.iceflow.contracts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * Where the contract JSON is read from: the copy packaged in this jar (what services use, also
 * inside a native executable), or a directory (the repository's {@code contracts/}, for tools and
 * the compatibility check).
 */
public final class ContractSource {

  /** Folder inside the jar that holds the packaged contracts. */
  public static final String CLASSPATH_ROOT = "contracts";

  private static final String MARKER = CLASSPATH_ROOT + "/topology.json";

  /**
   * Resources inside an archive: a jar on the JVM, the image's own resources in a GraalVM native
   * executable. Either file system must be opened before Path.of can take its URIs.
   */
  private static final Set<String> ARCHIVE_SCHEMES = Set.of("jar", "resource");

  private final Path root;

  private ContractSource(Path root) {
    this.root = root;
  }

  public static ContractSource directory(Path root) {
    if (!Files.isRegularFile(root.resolve("topology.json"))) {
      throw new IllegalArgumentException(
          "%s holds no topology.json: not a contracts folder".formatted(root));
    }
    return new ContractSource(root);
  }

  /** The contracts packaged with this library (a jar or, in the IDE, a classes folder). */
  public static ContractSource classpath() {
    URL marker = ContractSource.class.getClassLoader().getResource(MARKER);
    if (marker == null) {
      throw new IllegalStateException(MARKER + " is not on the classpath");
    }
    try {
      URI uri = marker.toURI();
      if (ARCHIVE_SCHEMES.contains(uri.getScheme())) {
        try {
          FileSystems.newFileSystem(uri, Map.of());
        } catch (FileSystemAlreadyExistsException alreadyOpen) {
          // another caller opened this archive already; Path.of below reuses it
        }
      }
      return new ContractSource(Path.of(uri).getParent());
    } catch (URISyntaxException | IOException e) {
      throw new IllegalStateException("cannot open the packaged contracts at " + marker, e);
    }
  }

  public Path root() {
    return root;
  }

  public Path resolve(String relative) {
    return root.resolve(relative);
  }

  public com.fasterxml.jackson.databind.JsonNode readJson(String relative) {
    try {
      return Contracts.MAPPER.readTree(read(relative));
    } catch (IOException e) {
      throw new ContractException("contract " + relative + " is not valid JSON", e);
    }
  }

  public byte[] read(String relative) {
    try {
      return Files.readAllBytes(root.resolve(relative));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read contract " + relative + " under " + root, e);
    }
  }
}
