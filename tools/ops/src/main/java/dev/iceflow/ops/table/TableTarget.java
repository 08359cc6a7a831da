package dev.iceflow.ops.table;

import dev.iceflow.contracts.Contracts;
import dev.iceflow.ops.OpsFailure;
import dev.iceflow.ops.aws.AwsTarget;
import dev.iceflow.ops.aws.Deployment;
import java.util.Optional;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** What the table commands share: where (AWS or local), which deployment, catalog and table. */
abstract class TableTarget {

  @ArgGroup(exclusive = true, multiplicity = "1")
  TableChoice choice;

  @Mixin AwsTarget aws;

  @Mixin Deployment deployment;

  @Mixin CatalogTarget catalog;

  @Spec CommandSpec spec;

  /** The chosen table's qualified name; a usage error when the choice is unknown. */
  String qualifiedName(Contracts contracts) {
    try {
      return choice.qualifiedName(contracts);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  Optional<String> prefix() {
    try {
      return deployment.prefix();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  OpenTable open(String qualifiedName) {
    try {
      return OpenTable.load(catalog.open(aws, prefix()), qualifiedName);
    } catch (OpsFailure e) {
      throw e;
    } catch (RuntimeException e) {
      throw new OpsFailure("cannot load table %s from the catalog".formatted(qualifiedName), e);
    }
  }
}
