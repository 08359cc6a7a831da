package dev.iceflow.ops;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Prints an {@link OpsFailure} as one line on stderr and exits 1; anything else is a bug and keeps
 * picocli's stack trace.
 */
final class OneLineErrors implements IExecutionExceptionHandler {

  static final int FAILURE_EXIT_CODE = 1;

  @Override
  public int handleExecutionException(
      Exception exception, CommandLine commandLine, ParseResult parseResult) throws Exception {
    if (exception instanceof OpsFailure failure) {
      commandLine
          .getErr()
          .println(commandLine.getColorScheme().errorText("ops: " + failure.oneLine()));
      commandLine.getErr().flush();
      return FAILURE_EXIT_CODE;
    }
    throw exception;
  }
}
