package dev.iceflow.common.tracing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends whole lines to a file, each in one write on a file opened for append, so lines from
 * several processes (instances of one function) sharing the file never interleave. The exporter's
 * JSON writer may hand a line over in pieces; a piece waits here until its newline.
 */
final class LineAppender extends OutputStream {

  private static final int NEWLINE = '\n';

  private final FileChannel file;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();

  LineAppender(Path path) throws IOException {
    Path parent = path.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    this.file =
        FileChannel.open(
            path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
  }

  @Override
  public synchronized void write(int b) throws IOException {
    line.write(b);
    if (b == NEWLINE) {
      appendLine();
    }
  }

  @Override
  public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
    for (int i = offset; i < offset + length; i++) {
      write(bytes[i]);
    }
  }

  @Override
  public synchronized void close() throws IOException {
    try {
      if (line.size() > 0) {
        appendLine();
      }
    } finally {
      file.close();
    }
  }

  private void appendLine() throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(line.toByteArray());
    line.reset();
    while (buffer.hasRemaining()) {
      file.write(buffer);
    }
  }
}
