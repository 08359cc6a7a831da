package dev.iceflow.ops.dlq;

import java.io.PrintWriter;

/** {@code ops dlq list}: a table of the DLQs, then the messages of the one looked into. */
final class TextDlqRenderer {

  private static final String NONE = "-";

  void render(DlqListing listing, PrintWriter out) {
    out.printf(
        "Dead-letter queues of %s in %s at %s%n",
        listing.prefix(), listing.region(), listing.generatedAt());
    int width = listing.queues().stream().mapToInt(r -> r.name().length()).max().orElse(0);
    out.printf("  %-" + width + "s  waiting  in flight  holds%n", "name");
    for (DlqListing.Row row : listing.queues()) {
      out.printf(
          "  %-" + width + "s  %7d  %9d  %s%n",
          row.name(),
          row.waiting(),
          row.inFlight(),
          row.queue().holds());
    }
    if (listing.lookedInto() == null) {
      out.flush();
      return;
    }
    out.printf(
        "%nMessages in %s (%d looked at, none consumed; each look adds 1 to its receive count):%n",
        listing.lookedInto(), listing.messages().size());
    for (PeekedMessage m : listing.messages()) {
      out.printf(
          "  %s  sent %s  received %d time(s)%n",
          m.messageId(), m.sentAt() == null ? NONE : m.sentAt(), m.receiveCount());
      if (m.parkedReason() != null) {
        out.printf(
            "    parked: %s%s%n",
            m.parkedReason(), m.parkedFrom() == null ? "" : " (from " + m.parkedFrom() + ")");
      }
      out.printf(
          "    type %s  dataset %s  batch %s%n",
          orNone(m.type()), orNone(m.dataset()), orNone(m.batchId()));
      out.printf("    body: %s%n", m.bodyExcerpt());
    }
    out.flush();
  }

  private static String orNone(String value) {
    return value == null ? NONE : value;
  }
}
