package dev.iceflow.local.emulator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * Lets the AWS SDK's CloudWatchClient talk to moto. Since 2.40.6 the SDK speaks CloudWatch in
 * Smithy RPC v2 CBOR only ({@code POST /service/GraniteServiceVersion20100801/operation/<Op>}),
 * which moto does not serve (getmoto/moto#9195); moto serves the same operations in AWS JSON 1.0
 * ({@code X-Amz-Target: GraniteServiceVersion20100801.<Op>}) with the same shapes. This HTTP client
 * rewrites each CBOR request into its JSON twin and the JSON answer back into CBOR; any other
 * request passes unchanged. The SDK has signed the request already: moto routes it by the
 * signature's service name and does not check the signature.
 */
public final class CloudWatchJsonProtocolHttpClient implements SdkHttpClient {

  private static final String SERVICE = "GraniteServiceVersion20100801";
  private static final String OPERATION_PATH = "/service/" + SERVICE + "/operation/";
  private static final String JSON_CONTENT_TYPE = "application/x-amz-json-1.0";
  private static final String CBOR_CONTENT_TYPE = "application/cbor";
  private static final String SMITHY_PROTOCOL = "smithy-protocol";
  private static final String RPC_V2_CBOR = "rpc-v2-cbor";
  private static final String CONTENT_TYPE = "Content-Type";
  private static final String CONTENT_LENGTH = "Content-Length";

  private static final JsonFactory JSON = new JsonFactory();
  private static final CBORFactory CBOR = new CBORFactory();

  private final SdkHttpClient delegate;

  /** Sends through {@code delegate}, which it closes when it is closed. */
  public CloudWatchJsonProtocolHttpClient(SdkHttpClient delegate) {
    this.delegate = delegate;
  }

  @Override
  public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
    SdkHttpRequest http = request.httpRequest();
    String path = http.encodedPath();
    int at = path.indexOf(OPERATION_PATH);
    if (at < 0) {
      return delegate.prepareRequest(request);
    }
    String operation = path.substring(at + OPERATION_PATH.length());
    byte[] json = convert(body(request.contentStreamProvider().orElse(null)), CBOR, JSON);
    SdkHttpRequest asJson =
        http.toBuilder()
            .encodedPath(path.substring(0, at) + "/")
            .removeHeader(SMITHY_PROTOCOL)
            .putHeader(CONTENT_TYPE, JSON_CONTENT_TYPE)
            .putHeader("Accept", JSON_CONTENT_TYPE)
            .putHeader("X-Amz-Target", SERVICE + "." + operation)
            .putHeader(CONTENT_LENGTH, Integer.toString(json.length))
            .build();
    ExecutableHttpRequest call =
        delegate.prepareRequest(
            HttpExecuteRequest.builder()
                .request(asJson)
                .contentStreamProvider(() -> new ByteArrayInputStream(json))
                .build());
    return new ExecutableHttpRequest() {
      @Override
      public HttpExecuteResponse call() throws IOException {
        return asCbor(call.call());
      }

      @Override
      public void abort() {
        call.abort();
      }
    };
  }

  private static HttpExecuteResponse asCbor(HttpExecuteResponse response) throws IOException {
    byte[] json;
    if (response.responseBody().isPresent()) {
      try (InputStream in = response.responseBody().get()) {
        json = in.readAllBytes();
      }
    } else {
      json = new byte[0];
    }
    byte[] cbor = convert(json, JSON, CBOR);
    SdkHttpResponse http =
        response.httpResponse().toBuilder()
            .putHeader(CONTENT_TYPE, CBOR_CONTENT_TYPE)
            .putHeader(SMITHY_PROTOCOL, RPC_V2_CBOR)
            .putHeader(CONTENT_LENGTH, Integer.toString(cbor.length))
            .build();
    return HttpExecuteResponse.builder()
        .response(http)
        .responseBody(AbortableInputStream.create(new ByteArrayInputStream(cbor)))
        .build();
  }

  private static byte[] body(ContentStreamProvider provider) {
    if (provider == null) {
      return new byte[0];
    }
    try (InputStream in = provider.newStream()) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the CloudWatch request", e);
    }
  }

  /**
   * Copies one document from one encoding to the other, token by token: the shapes are the same,
   * and CBOR's epoch-seconds timestamps (tag 1) are JSON's epoch-seconds numbers.
   */
  private static byte[] convert(byte[] document, JsonFactory from, JsonFactory to) {
    if (document.length == 0) {
      return document;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(document.length * 2);
    try (JsonParser parser = from.createParser(document);
        JsonGenerator generator = to.createGenerator(out)) {
      if (parser.nextToken() != null) {
        generator.copyCurrentStructure(parser);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot convert a CloudWatch message between CBOR and JSON", e);
    }
    return out.toByteArray();
  }

  @Override
  public String clientName() {
    return "CloudWatchJson-" + delegate.clientName();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
