package dev.iceflow.local.emulator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An error moto answered in XML (its authentication and authorization failures: {@code
 * <ErrorResponse><Error><Code>AccessDenied</Code><Message>...}), turned into the error shape of a
 * JSON or CBOR protocol ({@code __type}, {@code message}), so the SDK raises the service's own
 * exception with the emulator's reason.
 */
record QueryError(String code, String message) {

  private static final Pattern CODE = Pattern.compile("<Code>([^<]*)</Code>");
  private static final Pattern MESSAGE = Pattern.compile("<Message>([^<]*)</Message>");

  static QueryError parse(byte[] xml) {
    String text = new String(xml, StandardCharsets.UTF_8);
    return new QueryError(first(CODE, text, "InternalFailure"), first(MESSAGE, text, text));
  }

  byte[] toCbor(JsonFactory encoding) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator generator = encoding.createGenerator(out)) {
      generator.writeStartObject();
      generator.writeStringField("__type", code);
      generator.writeStringField("message", message);
      generator.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode an error", e);
    }
    return out.toByteArray();
  }

  private static String first(Pattern pattern, String text, String otherwise) {
    Matcher matcher = pattern.matcher(text);
    return matcher.find() ? matcher.group(1) : otherwise;
  }
}
