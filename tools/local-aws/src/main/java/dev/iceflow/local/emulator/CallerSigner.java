package dev.iceflow.local.emulator;

import dev.iceflow.common.aws.EmulatorCredentials;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Signs a rewritten request again as the caller of the original, with the SDK's SigV4 signer: the
 * caller is the access key id in the original's Authorization header
 * (Credential=&lt;key&gt;/&lt;date&gt;/ &lt;region&gt;/&lt;service&gt;/aws4_request), its secret
 * what the platform handed out for that key.
 */
final class CallerSigner {

  private static final Pattern CREDENTIAL =
      Pattern.compile("Credential=([^/]+)/[0-9]{8}/([^/]+)/([^/]+)/aws4_request");

  private final Function<String, Optional<EmulatorCredentials>> keys;
  private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

  CallerSigner(Function<String, Optional<EmulatorCredentials>> keys) {
    this.keys = keys;
  }

  /** {@code headers} plus the caller's signature of a POST of {@code body} to {@code uri}. */
  Map<String, List<String>> signAsCaller(URI uri, Map<String, List<String>> headers, byte[] body) {
    String authorization =
        headers.getOrDefault("Authorization", List.of()).stream()
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("an unsigned call"));
    Matcher credential = CREDENTIAL.matcher(authorization);
    if (!credential.find()) {
      throw new IllegalArgumentException("not a SigV4 Authorization header: " + authorization);
    }
    EmulatorCredentials caller =
        keys.apply(credential.group(1))
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "no keys known for access key id " + credential.group(1)));
    SdkHttpRequest.Builder request = SdkHttpRequest.builder().uri(uri).method(SdkHttpMethod.POST);
    headers.forEach(
        (name, values) -> {
          if (!isSignature(name)) {
            request.putHeader(name, values);
          }
        });
    return signer
        .sign(
            r ->
                r.identity(
                        AwsCredentialsIdentity.create(
                            caller.accessKeyId(), caller.secretAccessKey()))
                    .request(request.build())
                    .payload(ContentStreamProvider.fromByteArray(body))
                    .putProperty(AwsV4HttpSigner.REGION_NAME, credential.group(2))
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, credential.group(3)))
        .request()
        .headers();
  }

  private static boolean isSignature(String header) {
    return header.equalsIgnoreCase("Authorization")
        || header.equalsIgnoreCase("X-Amz-Date")
        || header.equalsIgnoreCase("X-Amz-Content-Sha256");
  }
}
