package dev.iceflow.enrichment;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How enrichment hands its files to the commit stage. */
@ConfigMapping(prefix = "iceflow.enrichment")
public interface EnrichmentConfig {

  /**
   * Largest datafiles.staged payload sent inline, in bytes; a larger file list goes to S3 and the
   * message carries a pointer. SNS takes 256 KiB per message, envelope and attributes included.
   */
  @WithDefault("200000")
  int maxInlinePayloadBytes();
}
