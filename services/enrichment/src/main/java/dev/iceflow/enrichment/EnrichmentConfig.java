package dev.iceflow.enrichment;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How enrichment hands its files to the commit stage, and how long it keeps a loaded table. */
@ConfigMapping(prefix = "iceflow.enrichment")
public interface EnrichmentConfig {

  /**
   * Largest datafiles.staged payload sent inline, in bytes; a larger file list goes to S3 and the
   * message carries a pointer. SNS takes 256 KiB per message, envelope and attributes included.
   */
  @WithDefault("200000")
  int maxInlinePayloadBytes();

  /**
   * How long a container reuses a table it loaded through the catalog (see TableCache) before
   * loading it again.
   */
  @WithDefault("PT5M")
  Duration tableMaxAge();
}
