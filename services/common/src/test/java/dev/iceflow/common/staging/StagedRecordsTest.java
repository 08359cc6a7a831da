package dev.iceflow.common.staging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iceflow.common.envelope.EnvelopeCodec;
import java.io.ByteArrayInputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class StagedRecordsTest {

  @Test
  void shouldReadBackWhatItWrote_positionsAndRecordsUnchanged() throws Exception {
    List<StagedRecord> records =
        List.of(
            new StagedRecord(0, EnvelopeCodec.mapper().readTree("{\"a\":1,\"b\":\"x\\ny\"}")),
            new StagedRecord(7, EnvelopeCodec.mapper().readTree("{\"a\":null}")));

    byte[] gzip = StagedRecords.gzip(records);

    assertThat(gzip[0] & 0xff).isEqualTo(0x1f); // gzip magic
    assertThat(StagedRecords.read(new ByteArrayInputStream(gzip))).isEqualTo(records);
  }

  @Test
  void shouldReadNothingFromAnEmptyBatch() throws Exception {
    assertThat(StagedRecords.read(new ByteArrayInputStream(StagedRecords.gzip(List.of()))))
        .isEmpty();
  }
}
