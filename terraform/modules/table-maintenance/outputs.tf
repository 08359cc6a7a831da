################################################################################
# Contracts
################################################################################

output "modes" {
  description = "Who maintains each dataset's table (lambda or glue-optimizer), by dataset name."
  value       = { for name, t in local.tables : name => t.mode }

  precondition {
    condition     = alltrue([for t in values(local.tables) : contains([local.lambda_mode, local.glue_optimizer_mode], t.mode)])
    error_message = "Every data contract's maintenance.mode must be \"${local.lambda_mode}\" or \"${local.glue_optimizer_mode}\"; found: ${jsonencode({ for name, t in local.tables : name => t.mode })}."
  }
}

################################################################################
# Orphan-file window (contracts Topology.longestWaitBeforeCommit)
################################################################################

output "required_orphan_window_seconds" {
  description = "The longest a staged data file can wait for its commit, from the topology: no orphan sweep may delete a younger unreferenced file."
  value       = local.required_orphan_window_seconds

  precondition {
    condition     = length(local.commit_subscriptions_stay_seconds) > 0
    error_message = "No queue subscribes to the ${local.commits_topic} topic in the topology: the orphan-file window cannot be derived."
  }
}

################################################################################
# What the Glue table optimizers get
################################################################################

output "glue_optimizer_tables" {
  description = "The tables whose contract says maintenance.mode = glue-optimizer, by dataset name: Glue database and table, snapshot retention in days (rounded up) and snapshots kept, orphan-file retention in days (the topology's window or the contract's longer one, rounded up)."
  value       = local.glue_optimizer_tables

  precondition {
    condition     = alltrue([for t in values(local.tables) : contains([local.lambda_mode, local.glue_optimizer_mode], t.mode)])
    error_message = "Every data contract's maintenance.mode must be \"${local.lambda_mode}\" or \"${local.glue_optimizer_mode}\"."
  }

  precondition {
    condition     = length(local.commit_subscriptions_stay_seconds) > 0
    error_message = "No queue subscribes to the ${local.commits_topic} topic in the topology: the orphan-file window cannot be derived."
  }

  precondition {
    condition     = alltrue([for t in values(local.tables) : t.snapshot_retention_hours >= 1 && t.min_snapshots_to_keep >= 1 && coalesce(t.orphan_safety_window_hours, 1) >= 1])
    error_message = "maintenance.snapshotRetentionHours, minSnapshotsToKeep and orphanSafetyWindowHours must be at least 1 in every data contract."
  }
}
