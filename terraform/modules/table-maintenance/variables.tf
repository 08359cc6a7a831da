################################################################################
# Contracts
################################################################################

variable "datasets_dir" {
  description = "Directory of the data contracts (contracts/datasets); each contract's maintenance section says who maintains its table."
  type        = string
  default     = null
}

variable "topology_file" {
  description = "Path of contracts/topology.json, from which the orphan-file window is derived; defaults to the repository's copy."
  type        = string
  default     = null
}
