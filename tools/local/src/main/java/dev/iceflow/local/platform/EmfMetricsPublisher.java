package dev.iceflow.local.platform;

import org.jboss.logging.Logger;

/**
 * Does for the platform's functions what CloudWatch Logs does for a Lambda's log stream: every
 * output line in Embedded Metric Format becomes CloudWatch data points (PutMetricData through the
 * platform's {@link MetricDataSender}), so the services' own metrics (namespace Iceflow) reach the
 * emulator's CloudWatch as they reach CloudWatch in AWS. A line meant as EMF that breaks the
 * specification stays in the log only, with a warning naming what is wrong (AWS counts it in
 * AWS/Logs EMFValidationErrors).
 */
public final class EmfMetricsPublisher implements FunctionOutput {

  private static final Logger LOG = Logger.getLogger(EmfMetricsPublisher.class);

  private final MetricDataSender sender;

  public EmfMetricsPublisher(MetricDataSender sender) {
    this.sender = sender;
  }

  @Override
  public void line(String functionName, String line) {
    if (!EmfExtraction.isEmf(line)) {
      return;
    }
    try {
      EmfExtraction.metricData(line).forEach(sender::submit);
    } catch (EmfExtraction.InvalidEmfException e) {
      LOG.warnf(
          "%s wrote an EMF line no metric can be extracted from (%s)",
          functionName, e.getMessage());
    }
  }
}
