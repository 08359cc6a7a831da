import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Rewrites a JVM function.zip so that it compresses once instead of twice: each dependency jar's
 * entries are stored (not deflated) and the zip deflates every entry at the best level. A jar of
 * small, separately deflated class files hardly shrinks again inside the zip; stored, the zip's
 * deflater sees the class files back to back and finds what they share (package names, signatures,
 * constant pools). The classes and resources are byte for byte the same; only the container
 * changes. Lambda unpacks the zip, and the JVM reads stored jar entries without inflating them.
 *
 * <p>Run by each JVM service's package phase after Quarkus builds the zip (exec-maven-plugin,
 * execution {@code repack-function-zip}) as a single-file program: {@code java
 * RepackFunctionZip.java <function.zip>}. A zip without jars (a native package) is left as it is:
 * java.util.zip keeps no Unix permissions, and a native {@code bootstrap} must stay executable.
 */
public final class RepackFunctionZip {

  private static final String JAR_SUFFIX = ".jar";

  private RepackFunctionZip() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: java RepackFunctionZip.java <function.zip>");
      System.exit(2);
    }
    Path zip = Path.of(args[0]);
    if (!containsJars(zip)) {
      // a native package (a bootstrap executable, no jars): nothing to gain, permissions to lose
      System.out.printf("%s holds no jar: left as built%n", zip);
      return;
    }
    long before = Files.size(zip);
    Path repacked = zip.resolveSibling(zip.getFileName() + ".repacked");
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip));
        ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(repacked))) {
      out.setLevel(Deflater.BEST_COMPRESSION);
      for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        byte[] content = in.readAllBytes();
        if (!entry.isDirectory() && entry.getName().endsWith(JAR_SUFFIX)) {
          content = withStoredEntries(content);
        }
        ZipEntry copy = new ZipEntry(entry.getName());
        copy.setTime(entry.getTime());
        out.putNextEntry(copy);
        out.write(content);
        out.closeEntry();
      }
    }
    Files.move(repacked, zip, StandardCopyOption.REPLACE_EXISTING);
    System.out.printf("%s: %,d -> %,d bytes%n", zip, before, Files.size(zip));
  }

  private static boolean containsJars(Path zip) throws IOException {
    try (ZipFile file = new ZipFile(zip.toFile())) {
      return file.stream().anyMatch(entry -> entry.getName().endsWith(JAR_SUFFIX));
    }
  }

  /** The same jar, its entries in the same order with the same bytes, none of them deflated. */
  private static byte[] withStoredEntries(byte[] jar) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(jar.length * 3);
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jar));
        ZipOutputStream out = new ZipOutputStream(buffer)) {
      for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        byte[] content = in.readAllBytes();
        out.putNextEntry(stored(entry, content));
        out.write(content);
        out.closeEntry();
      }
    }
    return buffer.toByteArray();
  }

  /** A stored entry must announce its size and checksum before its bytes. */
  private static ZipEntry stored(ZipEntry original, byte[] content) {
    ZipEntry entry = new ZipEntry(original.getName());
    entry.setTime(original.getTime());
    entry.setMethod(ZipEntry.STORED);
    entry.setSize(content.length);
    entry.setCompressedSize(content.length);
    CRC32 crc = new CRC32();
    crc.update(content);
    entry.setCrc(crc.getValue());
    return entry;
  }
}
