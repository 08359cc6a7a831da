package dev.iceflow.compaction;

import dev.iceflow.common.envelope.Envelope;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.common.messaging.EventPublisher;
import dev.iceflow.common.stage.Stage;
import dev.iceflow.common.stage.StageEvents;
import dev.iceflow.contracts.message.payload.TableCompactedV1;
import dev.iceflow.contracts.message.payload.TableCompactedV1.PartitionReport;
import dev.iceflow.contracts.topology.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * Announces a maintenance run with table.compacted on the events topic. The id derives from the
 * table and the run's cause (the newest commit it followed, or the schedule's tick), so a
 * redelivered cause announces under the same id.
 */
@ApplicationScoped
public class CompactionAnnouncer {

  private final StageEvents events;
  private final EventPublisher publisher;

  @Inject
  public CompactionAnnouncer(EnvelopeCodec codec, EventPublisher publisher) {
    this.events = new StageEvents(Stage.COMPACTION, codec);
    this.publisher = publisher;
  }

  /** Publishes the run; returns the announcement. */
  public Envelope announce(MaintenanceRun run, String dataset, Envelope cause, String causeKey) {
    String id = "%s.compacted.%s".formatted(run.table().qualifiedName(), causeKey);
    TableCompactedV1 payload = payload(run);
    // a tick is platform-wide (dataset "*"): each table's report is a new message with its own
    // dataset, sent in the current compaction span (the tick's trace)
    Envelope announcement =
        dataset.equals(cause.dataset())
            ? events.derive(cause, id, payload)
            : events.originate(id, payload, run.completedAt(), dataset, cause.correlationId());
    publisher.publish(Topics.EVENTS, announcement);
    return announcement;
  }

  static TableCompactedV1 payload(MaintenanceRun run) {
    List<PartitionRewrite> partitions = run.dataFiles().partitions();
    return new TableCompactedV1(
        run.table(),
        run.dataFiles().snapshotId(),
        partitions.stream().mapToInt(PartitionRewrite::filesBefore).sum(),
        partitions.stream().mapToInt(PartitionRewrite::filesAfter).sum(),
        partitions.stream().mapToLong(PartitionRewrite::bytesBefore).sum(),
        partitions.stream().mapToLong(PartitionRewrite::bytesAfter).sum(),
        partitions.stream().map(PartitionRewrite::partition).toList(),
        run.expiredSnapshots(),
        run.orphanFilesRemoved(),
        run.orphanFilesFound(),
        run.maintainedBy(),
        partitions.stream()
            .map(
                p ->
                    new PartitionReport(
                        p.partition(),
                        p.filesBefore(),
                        p.filesAfter(),
                        p.bytesBefore(),
                        p.bytesAfter()))
            .toList(),
        run.manifests().before(),
        run.manifests().after(),
        run.dataFiles().failedGroups(),
        run.duration().toMillis(),
        run.trigger().wireName(),
        run.completedAt());
  }
}
