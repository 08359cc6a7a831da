locals {
  topology     = jsondecode(file(coalesce(var.topology_file, "${path.module}/../../../contracts/topology.json")))
  datasets_dir = coalesce(var.datasets_dir, "${path.module}/../../../contracts/datasets")

  specs       = local.topology.observability.alarms
  alarm_names = [for a in local.specs : a.name]

  ##############################################################################
  # Targets (contracts AlarmTarget)
  ##############################################################################

  # queue:<name> names one queue; the other targets are kinds, each with its instances (logical
  # name => the value of the metric's dimension) and the dimension that names them.
  queue_target_prefix = "queue:"

  dataset_names = sort([for f in fileset(local.datasets_dir, "*.json") : jsondecode(file("${local.datasets_dir}/${f}")).dataset])

  # Every redrive DLQ and every subscription's delivery DLQ, by logical name.
  dead_letter_queues = concat(
    [for q in local.topology.queues : q.deadLetter.name if try(q.deadLetter, null) != null],
    [for s in local.topology.subscriptions : s.deadLetter.name if try(s.deadLetter, null) != null],
  )

  # The pipeline as a whole has one instance and no dimension.
  pipeline_target = "pipeline"

  target_instances = {
    deadLetterQueues = tomap({ for d in local.dead_letter_queues : d => var.dead_letter_queue_names[d] })
    consumedQueues   = tomap({ for q in var.consumed_queues : q => var.queue_names[q] })
    functions        = tomap(var.function_names)
    datasets         = tomap({ for d in local.dataset_names : d => d })
    pipeline         = tomap({ (local.pipeline_target) = "" })
  }

  target_dimensions = {
    deadLetterQueues = "QueueName"
    consumedQueues   = "QueueName"
    functions        = "FunctionName"
    datasets         = "Dataset"
  }
  queue_dimension = "QueueName"

  unknown_targets = [
    for a in local.specs : "${a.name}: ${a.target}"
    if !startswith(a.target, local.queue_target_prefix) && !contains(keys(local.target_instances), a.target)
  ]

  ##############################################################################
  # Alarm × target
  ##############################################################################

  # A ratio alarm watches metric / ratioOf per period. A period without records in (ratioOf 0)
  # does not breach; FILL counts a period with records in and no metric datapoint (nothing
  # rejected) as 0. https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/using-metric-math.html
  ratio_expression = "IF(m2 > 0, FILL(m1, 0) / m2, 0)"

  instances = flatten([
    for a in local.specs : [
      for label, value in(
        startswith(a.target, local.queue_target_prefix)
        ? tomap({ (trimprefix(a.target, local.queue_target_prefix)) = var.queue_names[trimprefix(a.target, local.queue_target_prefix)] })
        : lookup(local.target_instances, a.target, tomap({}))
        ) : {
        spec      = a
        label     = label
        dimension = a.target == local.pipeline_target ? null : (startswith(a.target, local.queue_target_prefix) ? local.queue_dimension : local.target_dimensions[a.target])
        value     = value
      }
    ]
  ])

  alarms = {
    for i in local.instances : "${i.spec.name}/${i.label}" => {
      alarm_name = i.dimension == null ? "${var.prefix}-${i.spec.name}" : "${var.prefix}-${i.spec.name}-${i.label}"
      description = join(" ", [
        i.spec.description,
        i.dimension == null ? "Target: the pipeline." : "Target: ${i.dimension} ${i.value}.",
        "Runbook: ${var.runbook_base_url}/${i.spec.runbook}",
      ])
      runbook             = "${var.runbook_base_url}/${i.spec.runbook}"
      metric              = { namespace = i.spec.metric.namespace, name = i.spec.metric.name }
      ratio_of            = try(i.spec.ratioOf, null) == null ? null : { namespace = i.spec.ratioOf.namespace, name = i.spec.ratioOf.name }
      expression          = try(i.spec.ratioOf, null) == null ? null : local.ratio_expression
      dimensions          = i.dimension == null ? {} : { (i.dimension) = i.value }
      statistic           = i.spec.statistic
      period              = i.spec.periodSeconds
      evaluation_periods  = i.spec.evaluationPeriods
      datapoints_to_alarm = try(i.spec.datapointsToAlarm, i.spec.evaluationPeriods)
      comparison_operator = i.spec.comparison
      threshold           = lookup(var.thresholds, i.spec.name, i.spec.threshold)
      treat_missing_data  = i.spec.treatMissingData
    }
  }

  # CloudWatch refuses an AlarmDescription longer than 1024 characters.
  # https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html
  description_limit = 1024
  too_long          = [for k, a in local.alarms : k if length(a.description) > local.description_limit]
}
