package dev.iceflow.iceberg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.aws.RESTSigV4AuthManager;
import org.apache.iceberg.aws.s3.S3FileIO;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.rest.auth.AuthManager;
import org.apache.iceberg.rest.auth.AuthManagers;
import org.junit.jupiter.api.Test;

/**
 * The commit Lambda ships without Hadoop (it never reads or writes Parquet), and this module's
 * classpath has none either: the production catalog's pieces must load without it, and without the
 * Glue SDK, which no function ships. No AWS call is made (RESTCatalog calls its endpoint on
 * initialization; the local REST catalog's tests in tools/local do that).
 */
class RestCatalogWithoutHadoopTest {

  private final Map<String, String> properties =
      CatalogProperties.glueRest(
          CatalogProperties.glueRestEndpoint("us-east-1"),
          Optional.of("123456789012"),
          "us-east-1");

  @Test
  void hadoopAndTheGlueSdkAreNotOnThisClasspath() {
    assertThatThrownBy(() -> Class.forName("org.apache.hadoop.conf.Configuration"))
        .isInstanceOf(ClassNotFoundException.class);
    assertThatThrownBy(() -> Class.forName("software.amazon.awssdk.services.glue.GlueClient"))
        .isInstanceOf(ClassNotFoundException.class);
  }

  @Test
  void glueRestProperties_nameGluesEndpoint_itsCatalogId_andSigV4ForGlue() {
    assertThat(properties)
        .containsEntry("catalog-impl", "org.apache.iceberg.rest.RESTCatalog")
        .containsEntry("uri", "https://glue.us-east-1.amazonaws.com/iceberg")
        .containsEntry("warehouse", "123456789012")
        .containsEntry("rest.auth.type", "sigv4")
        .containsEntry("rest.signing-name", "glue")
        .containsEntry("rest.signing-region", "us-east-1");
  }

  @Test
  void theSigV4AuthManagerAndS3FileIoLoadWithoutHadoop() throws Exception {
    try (AuthManager auth = AuthManagers.loadAuthManager("iceflow", properties);
        FileIO io =
            org.apache.iceberg.CatalogUtil.loadFileIO(
                properties.get(org.apache.iceberg.CatalogProperties.FILE_IO_IMPL),
                withRegion(),
                null)) {
      assertThat(auth).isInstanceOf(RESTSigV4AuthManager.class);
      assertThat(io).isInstanceOf(S3FileIO.class);
      assertThat(io.newOutputFile("s3://warehouse-bucket/t/data/f.parquet").location())
          .isEqualTo("s3://warehouse-bucket/t/data/f.parquet");
    }
  }

  private Map<String, String> withRegion() {
    Map<String, String> io = new java.util.HashMap<>(properties);
    io.put(org.apache.iceberg.aws.AwsClientProperties.CLIENT_REGION, "us-east-1");
    return io;
  }
}
