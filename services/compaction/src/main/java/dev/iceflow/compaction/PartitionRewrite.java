package dev.iceflow.compaction;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.apache.iceberg.ContentFile;
import org.apache.iceberg.actions.RewriteFileGroup;

/** What a rewrite did to one partition: data files and bytes before and after. */
public record PartitionRewrite(
    Map<String, JsonNode> partition,
    int filesBefore,
    int filesAfter,
    long bytesBefore,
    long bytesAfter) {

  /** A committed group's numbers, its partition taken from its first file (one per group). */
  static PartitionRewrite of(RewriteFileGroup group) {
    var first = group.fileScanTasks().get(0);
    return new PartitionRewrite(
        PartitionTuples.of(first.spec(), first.file().partition()),
        group.rewrittenFiles().size(),
        group.addedFiles().size(),
        group.rewrittenFiles().stream().mapToLong(ContentFile::fileSizeInBytes).sum(),
        group.addedFiles().stream().mapToLong(ContentFile::fileSizeInBytes).sum());
  }

  /** Both groups' numbers, for a partition rewritten in more than one group. */
  PartitionRewrite plus(PartitionRewrite other) {
    return new PartitionRewrite(
        partition,
        filesBefore + other.filesBefore,
        filesAfter + other.filesAfter,
        bytesBefore + other.bytesBefore,
        bytesAfter + other.bytesAfter);
  }
}
