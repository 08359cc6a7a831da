import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Fails a service's build when its function.zip is larger than Lambda takes: as a direct upload
 * (the zip) or once unpacked into the task root. A failure names the largest entries, the
 * dependency jars, so whoever grew the package sees where the bytes went.
 *
 * <p>Run by each service's package phase (exec-maven-plugin, execution {@code
 * function-zip-size-limit}) as a single-file program: {@code java CheckFunctionZipSize.java
 * <function.zip> <max zip bytes> <max unpacked bytes>}.
 */
public final class CheckFunctionZipSize {

  /** How many of the largest entries a failure names. */
  private static final int LARGEST_SHOWN = 15;

  private CheckFunctionZipSize() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      System.err.println(
          "usage: java CheckFunctionZipSize.java <function.zip> <max zip bytes>"
              + " <max unpacked bytes>");
      System.exit(2);
    }
    Path zip = Path.of(args[0]);
    long zipLimit = Long.parseLong(args[1]);
    long unpackedLimit = Long.parseLong(args[2]);
    if (!Files.isRegularFile(zip)) {
      fail(zip + " does not exist: the package step did not produce it");
    }
    long size = Files.size(zip);
    if (size > zipLimit) {
      fail(
          "%s is %,d bytes, over the limit of %,d bytes by %,d. Largest entries (compressed):%n%s"
              .formatted(
                  zip,
                  size,
                  zipLimit,
                  size - zipLimit,
                  largestEntries(zip, ZipEntry::getCompressedSize)));
    }
    long unpacked = unpackedSize(zip);
    if (unpacked > unpackedLimit) {
      fail(
          "%s unpacks to %,d bytes, over the limit of %,d bytes by %,d. Largest entries:%n%s"
              .formatted(
                  zip,
                  unpacked,
                  unpackedLimit,
                  unpacked - unpackedLimit,
                  largestEntries(zip, ZipEntry::getSize)));
    }
    System.out.printf(
        "%s: %,d bytes (limit %,d), %,d unpacked (limit %,d)%n",
        zip, size, zipLimit, unpacked, unpackedLimit);
  }

  private static long unpackedSize(Path zip) throws IOException {
    try (ZipFile file = new ZipFile(zip.toFile())) {
      return file.stream().mapToLong(ZipEntry::getSize).sum();
    }
  }

  private static String largestEntries(Path zip, ToLongFunction<ZipEntry> size) throws IOException {
    try (ZipFile file = new ZipFile(zip.toFile())) {
      return file.stream()
          .sorted(Comparator.comparingLong(size).reversed())
          .limit(LARGEST_SHOWN)
          .map(entry -> "  %,12d  %s".formatted(size.applyAsLong(entry), entry.getName()))
          .collect(Collectors.joining(System.lineSeparator()));
    }
  }

  private static void fail(String message) {
    System.err.println(message);
    System.exit(1);
  }
}
