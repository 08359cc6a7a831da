package dev.iceflow.compaction.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FileLocationTest {

  @Test
  void shouldSplitSchemeAuthorityAndPath() {
    assertThat(FileLocation.parse("s3://bucket/t/data/f.parquet"))
        .isEqualTo(new FileLocation("s3", "bucket", "/t/data/f.parquet"));
  }

  @Test
  void shouldTakeS3aAndS3nForS3() {
    assertThat(
            FileLocation.parse("s3a://bucket/t/f").sameStore(FileLocation.parse("s3://bucket/x")))
        .isTrue();
    assertThat(FileLocation.parse("S3N://bucket/t/f").scheme()).isEqualTo("s3");
  }

  @Test
  void shouldTellBucketsApart() {
    assertThat(FileLocation.parse("s3://a/t/f").sameStore(FileLocation.parse("s3://b/t/f")))
        .isFalse();
  }

  @Test
  void shouldIgnoreRepeatedAndTrailingSlashes() {
    assertThat(FileLocation.parse("s3://bucket//t///data/").path()).isEqualTo("/t/data");
  }

  @Test
  void shouldReadAPathWithoutSchemeOrAuthority() {
    assertThat(FileLocation.parse("/tmp/t/f")).isEqualTo(new FileLocation(null, null, "/tmp/t/f"));
    assertThat(FileLocation.parse("file:/tmp/t/f"))
        .isEqualTo(new FileLocation("file", null, "/tmp/t/f"));
  }

  @Test
  void shouldKeepCharactersAUriWouldRefuse() {
    assertThat(FileLocation.parse("s3://bucket/t/origin=A B|C/f").path())
        .isEqualTo("/t/origin=A B|C/f");
  }
}
