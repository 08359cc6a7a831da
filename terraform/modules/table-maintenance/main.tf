locals {
  topology     = jsondecode(file(coalesce(var.topology_file, "${path.module}/../../../contracts/topology.json")))
  datasets_dir = coalesce(var.datasets_dir, "${path.module}/../../../contracts/datasets")

  # contracts MaintenanceSpec: the modes and the defaults a contract's maintenance section falls back to.
  lambda_mode         = "lambda"
  glue_optimizer_mode = "glue-optimizer"
  defaults = {
    mode                   = local.lambda_mode
    snapshotRetentionHours = 168
    minSnapshotsToKeep     = 50
  }

  seconds_per_hour = 3600
  hours_per_day    = 24
  seconds_per_day  = local.seconds_per_hour * local.hours_per_day

  contracts = [for f in fileset(local.datasets_dir, "*.json") : jsondecode(file("${local.datasets_dir}/${f}"))]

  # Every table and how its contract wants it kept (a missing or null field takes the default).
  tables = {
    for c in local.contracts : c.dataset => {
      database                   = c.table.namespace
      table                      = c.table.name
      mode                       = coalesce(try(c.maintenance.mode, null), local.defaults.mode)
      snapshot_retention_hours   = coalesce(try(c.maintenance.snapshotRetentionHours, null), local.defaults.snapshotRetentionHours)
      min_snapshots_to_keep      = coalesce(try(c.maintenance.minSnapshotsToKeep, null), local.defaults.minSnapshotsToKeep)
      orphan_safety_window_hours = try(c.maintenance.orphanSafetyWindowHours, null)
    }
  }

  ##############################################################################
  # Orphan-file window (contracts Topology.longestWaitBeforeCommit)
  ##############################################################################

  # A data file is written before its commit; until the commit lands no snapshot references it, so
  # an orphan sweep must spare files younger than the longest a staged batch can wait: the longest
  # timeout of a function that publishes to the commits topic, plus, for the worst subscription of
  # that topic, the time SNS can park the message in the subscription's delivery DLQ, the queue's
  # retention and the retention of the queue's DLQ (from which on-call can still redrive it).
  commits_topic = "commits"
  queues        = { for q in local.topology.queues : q.name => q }

  commit_publishers_timeout_seconds = max(concat([0], [
    for f in local.topology.functions : f.timeoutSeconds if contains(f.publishesTo, local.commits_topic)
  ])...)

  commit_subscriptions_stay_seconds = [
    for s in local.topology.subscriptions :
    try(s.deadLetter.messageRetentionSeconds, 0)
    + local.queues[s.queue].messageRetentionSeconds
    + try(local.queues[s.queue].deadLetter.messageRetentionSeconds, 0)
    if s.topic == local.commits_topic
  ]

  required_orphan_window_seconds = local.commit_publishers_timeout_seconds + max(concat([0], local.commit_subscriptions_stay_seconds)...)

  ##############################################################################
  # What the Glue table optimizers get
  ##############################################################################

  # The optimizers count in whole days, so every period is rounded up: never shorter than the
  # contract's. A contract's orphanSafetyWindowHours can only lengthen the required window.
  glue_optimizer_tables = {
    for name, t in local.tables : name => {
      database                   = t.database
      table                      = t.table
      snapshot_retention_days    = ceil(t.snapshot_retention_hours / local.hours_per_day)
      snapshots_to_retain        = t.min_snapshots_to_keep
      orphan_file_retention_days = ceil(max(local.required_orphan_window_seconds, coalesce(t.orphan_safety_window_hours, 0) * local.seconds_per_hour) / local.seconds_per_day)
    }
    if t.mode == local.glue_optimizer_mode
  }
}
