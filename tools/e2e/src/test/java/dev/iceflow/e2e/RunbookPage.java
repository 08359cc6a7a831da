package dev.iceflow.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A runbook page's fenced shell blocks, in order. The info string after {@code ```bash} says how a
 * block runs: nothing (must exit 0), {@code exit=N} (must exit N, e.g. {@code ops status} finding
 * the alarm), {@code env} (the values on-call sets once: the test supplies its own) or {@code
 * manual} (needs a real account, or changes the repository: syntax-checked, not run).
 */
record RunbookPage(Path path, String title, List<Block> blocks) {

  private static final Pattern FENCE_OPEN = Pattern.compile("^```(bash|sh)\\b(.*)$");
  private static final Pattern EXIT = Pattern.compile("exit=(\\d+)");
  private static final Pattern ASSIGNMENT =
      Pattern.compile("(?:^|\\s)(?:export\\s+)?([A-Z][A-Z0-9_]*)=");
  private static final String FENCE_CLOSE = "```";

  enum Kind {
    RUN,
    ENV,
    MANUAL
  }

  /** One fenced block: where it starts (1-based line of its fence), its code and how it runs. */
  record Block(int line, Kind kind, int expectedExit, String code) {

    /** The variables an env block sets (export A=1 B=2, or A=1 on its own line). */
    Set<String> assignedVariables() {
      Set<String> names = new LinkedHashSet<>();
      Matcher m = ASSIGNMENT.matcher(code);
      while (m.find()) {
        names.add(m.group(1));
      }
      return names;
    }
  }

  static RunbookPage read(Path path) throws IOException {
    List<String> lines = Files.readAllLines(path);
    String title =
        lines.stream()
            .filter(l -> l.startsWith("# "))
            .findFirst()
            .map(l -> l.substring(2))
            .orElseThrow(() -> new IllegalStateException(path + " has no # title"));
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher open = FENCE_OPEN.matcher(lines.get(i).strip());
      if (!open.matches()) {
        continue;
      }
      int start = i;
      StringBuilder code = new StringBuilder();
      for (i++; i < lines.size() && !lines.get(i).strip().equals(FENCE_CLOSE); i++) {
        code.append(lines.get(i)).append('\n');
      }
      if (i == lines.size()) {
        throw new IllegalStateException("%s:%d: unclosed code block".formatted(path, start + 1));
      }
      blocks.add(block(start + 1, open.group(2).strip(), code.toString()));
    }
    return new RunbookPage(path, title, List.copyOf(blocks));
  }

  private static Block block(int line, String info, String code) {
    if (info.equals("env")) {
      return new Block(line, Kind.ENV, 0, code);
    }
    if (info.equals("manual")) {
      return new Block(line, Kind.MANUAL, 0, code);
    }
    Matcher exit = EXIT.matcher(info);
    if (info.isEmpty() || exit.matches()) {
      return new Block(line, Kind.RUN, info.isEmpty() ? 0 : Integer.parseInt(exit.group(1)), code);
    }
    throw new IllegalStateException("line %d: unknown block kind '%s'".formatted(line, info));
  }

  /** Every variable the page's env blocks set. */
  Set<String> environmentVariables() {
    Set<String> names = new LinkedHashSet<>();
    blocks.stream()
        .filter(b -> b.kind() == Kind.ENV)
        .forEach(b -> names.addAll(b.assignedVariables()));
    return names;
  }

  /**
   * The page as one bash script, run in one shell so a value one step finds is there for the next:
   * each runnable block checked against its expected exit status, env blocks left to the caller,
   * manual blocks parsed (bash -n) but not run.
   */
  String script() {
    StringBuilder script =
        new StringBuilder("set -Eeuo pipefail\n")
            .append("trap 'echo \"$block: a command exited $?\" >&2' ERR\n");
    for (Block block : blocks) {
      script.append("block=").append(where(block)).append('\n');
      switch (block.kind()) {
        case ENV -> {}
        case MANUAL ->
            script
                .append("bash -n <<'IceflowRunbookBlock'\n")
                .append(block.code())
                .append("IceflowRunbookBlock\n");
        case RUN -> {
          script.append("echo \"+ $block\" >&2\n");
          if (block.expectedExit() == 0) {
            script.append(block.code()); // errexit: the first failing command stops the page
          } else {
            script
                .append("set +eE\n{\n")
                .append(block.code())
                .append("}\nrc=$?\nset -eE\n")
                .append("if [ \"$rc\" -ne ")
                .append(block.expectedExit())
                .append(" ]; then echo \"$block: exited $rc, expected ")
                .append(block.expectedExit())
                .append("\" >&2; exit 91; fi\n");
          }
        }
      }
    }
    return script.toString();
  }

  private String where(Block block) {
    return "%s:%d".formatted(path.getFileName(), block.line());
  }
}
