package dev.iceflow.costguard;

import dev.iceflow.common.aws.AwsClients;
import dev.iceflow.common.aws.AwsSettings;
import dev.iceflow.common.config.IceflowConfig;
import dev.iceflow.common.envelope.EnvelopeCodec;
import dev.iceflow.common.lambda.SqsBatchProcessor;
import dev.iceflow.common.messaging.EventPublisher;
import dev.iceflow.common.metrics.PipelineMetrics;
import dev.iceflow.common.stage.Stage;
import dev.iceflow.common.stage.StageEvents;
import dev.iceflow.common.tracing.Tracing;
import dev.iceflow.contracts.ContractSource;
import dev.iceflow.contracts.Contracts;
import dev.iceflow.contracts.prices.PriceTables;
import dev.iceflow.contracts.topology.FunctionSpec;
import dev.iceflow.contracts.topology.Ledgers;
import dev.iceflow.cost.CostLedger;
import dev.iceflow.cost.LambdaArchitecture;
import dev.iceflow.cost.Pricing;
import dev.iceflow.cost.SpendAllocation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClientBuilder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.LambdaClientBuilder;

/** Wires cost-guard from the packaged contracts, the typed configuration and the SDK clients. */
@ApplicationScoped
public class CostGuardProducers {

  /** This function's logical name in topology.json. */
  static final String SELF = "cost-guard";

  @Produces
  @Singleton
  LambdaClient lambda(IceflowConfig config) {
    LambdaClientBuilder builder =
        new AwsClients(AwsSettings.from(config.aws())).configure(LambdaClient.builder());
    config.aws().lambdaEndpointOverride().ifPresent(builder::endpointOverride);
    return builder.build();
  }

  void close(@Disposes LambdaClient client) {
    client.close();
  }

  @Produces
  @Singleton
  CloudWatchClient cloudWatch(IceflowConfig config) {
    CloudWatchClientBuilder builder =
        new AwsClients(AwsSettings.from(config.aws())).configure(CloudWatchClient.builder());
    config.aws().cloudwatchEndpointOverride().ifPresent(builder::endpointOverride);
    return builder.build();
  }

  void close(@Disposes CloudWatchClient client) {
    client.close();
  }

  @Produces
  @Singleton
  CostLedger costLedger(DynamoDbClient dynamo, IceflowConfig config) {
    String table = config.ledgers().get(Ledgers.COST);
    if (table == null || table.isBlank()) {
      throw new IllegalStateException("no cost ledger table: set ICEFLOW_LEDGERS_COST");
    }
    return new CostLedger(dynamo, table, Clock.systemUTC());
  }

  @Produces
  @Singleton
  CostGuardService service(
      GuardMessageReader reader,
      SqsBatchProcessor processor,
      CostLedger ledger,
      Contracts contracts,
      IceflowConfig config,
      CostGuardConfig guardConfig,
      EventPublisher publisher,
      EnvelopeCodec codec,
      LambdaClient lambda,
      CloudWatchClient cloudWatch,
      PipelineMetrics pipelineMetrics,
      Tracing tracing) {
    Clock clock = Clock.systemUTC();
    FunctionSpec self = contracts.topology().function(SELF).orElseThrow();
    Map<String, String> deployed =
        DeployedFunctions.of(contracts.topology(), ConfigProvider.getConfig(), SELF);
    Pricing pricing =
        new Pricing(
            PriceTables.from(ContractSource.classpath(), clock).load(config.aws().region()),
            LambdaArchitecture.current());
    BudgetGuard budgets =
        new BudgetGuard(
            contracts,
            ledger,
            new SpendAllocation(pricing),
            new BudgetAlerts(ledger, publisher, new StageEvents(Stage.COST_GUARD, codec)),
            pipelineMetrics);
    PauseControl control =
        new PauseControl(ledger, new EventSourceSwitch(lambda, deployed), self.controlsFunctions());
    MetricsCollector metrics =
        new MetricsCollector(
            ledger, new LambdaMetrics(cloudWatch), deployed, contracts.topology(), guardConfig);
    return new CostGuardService(
        reader,
        processor,
        ledger,
        new UsageModel(contracts.topology()),
        control,
        metrics,
        budgets,
        pipelineMetrics,
        tracing,
        clock);
  }
}
