package dev.iceflow.iceberg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.iceberg.aws.AwsClientProperties;
import org.apache.iceberg.aws.glue.GlueCatalog;
import org.apache.iceberg.aws.s3.S3FileIO;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.io.FileIO;
import org.junit.jupiter.api.Test;

/**
 * The commit Lambda ships without Hadoop (it never reads or writes Parquet), and this module's
 * classpath has none either: the production catalog and its FileIO must open without it. No AWS
 * call is made.
 */
class GlueCatalogWithoutHadoopTest {

  @Test
  void hadoopIsNotOnThisClasspath() {
    assertThatThrownBy(() -> Class.forName("org.apache.hadoop.conf.Configuration"))
        .isInstanceOf(ClassNotFoundException.class);
  }

  @Test
  void theGlueCatalogAndS3FileIoOpenWithoutHadoop() throws Exception {
    Map<String, String> properties = CatalogProperties.glue("warehouse-bucket");
    properties.put(AwsClientProperties.CLIENT_REGION, "us-east-1");

    Catalog catalog = CatalogProperties.load(CatalogFactory.CATALOG_NAME, properties);
    try (FileIO io =
        org.apache.iceberg.CatalogUtil.loadFileIO(
            properties.get(org.apache.iceberg.CatalogProperties.FILE_IO_IMPL), properties, null)) {
      assertThat(catalog).isInstanceOf(GlueCatalog.class);
      assertThat(io).isInstanceOf(S3FileIO.class);
      assertThat(io.newOutputFile("s3://warehouse-bucket/t/data/f.parquet").location())
          .isEqualTo("s3://warehouse-bucket/t/data/f.parquet");
    } finally {
      ((GlueCatalog) catalog).close();
    }
  }
}
