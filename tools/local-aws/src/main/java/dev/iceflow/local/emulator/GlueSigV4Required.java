package dev.iceflow.local.emulator;

import dev.iceflow.common.aws.EmulatorCredentials;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Refuses a request to the local REST catalog that is not SigV4-signed for Glue with keys the
 * platform handed out, as AWS Glue's Iceberg REST endpoint refuses an unsigned one: a function
 * whose catalog configuration stopped signing fails here first, not in AWS. The signature itself is
 * not recomputed.
 */
final class GlueSigV4Required implements Filter {

  /** Request attribute: the {@link EmulatorCredentials} the request was signed with (goes on). */
  static final String CALLER = GlueSigV4Required.class.getName() + ".caller";

  private static final Pattern GLUE_CREDENTIAL =
      Pattern.compile("^AWS4-HMAC-SHA256 Credential=([^/]+)/[0-9]{8}/[^/]+/glue/aws4_request,");

  private final Function<String, Optional<EmulatorCredentials>> keys;

  GlueSigV4Required(Function<String, Optional<EmulatorCredentials>> keys) {
    this.keys = keys;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String authorization = ((HttpServletRequest) request).getHeader("Authorization");
    Matcher credential = GLUE_CREDENTIAL.matcher(authorization == null ? "" : authorization);
    if (!credential.find()) {
      ((HttpServletResponse) response)
          .sendError(
              HttpServletResponse.SC_FORBIDDEN,
              "not SigV4-signed for the glue service: " + authorization);
      return;
    }
    Optional<EmulatorCredentials> caller = keys.apply(credential.group(1));
    if (caller.isEmpty()) {
      ((HttpServletResponse) response)
          .sendError(
              HttpServletResponse.SC_FORBIDDEN,
              "signed with unknown access key id " + credential.group(1));
      return;
    }
    request.setAttribute(CALLER, caller.get());
    chain.doFilter(request, response);
  }
}
