variable "region" {
  description = "AWS region for every resource."
  type        = string
  default     = "eu-west-1"
}

variable "name" {
  description = "Prefix of every resource name."
  type        = string
  default     = "rankd"
}

variable "environment" {
  description = "Environment tag (prod, staging, ...)."
  type        = string
  default     = "prod"
}

variable "vpc_cidr" {
  description = "CIDR of the VPC; split into one public and one private /20 per availability zone."
  type        = string
  default     = "10.40.0.0/16"
}

variable "availability_zone_letters" {
  description = "Zones to span, as letters of the region (2 or 3): a fixed list, so a zone AWS adds later never moves subnets."
  type        = list(string)
  default     = ["a", "b", "c"]

  validation {
    condition     = length(var.availability_zone_letters) >= 2 && length(var.availability_zone_letters) <= 3
    error_message = "availability_zone_letters must name 2 or 3 zones."
  }
}

variable "single_nat_gateway" {
  description = "One NAT gateway for all zones (cheaper) instead of one per zone (zone-failure tolerant)."
  type        = bool
  default     = false
}

variable "kubernetes_version" {
  description = "EKS control plane version (in standard support; deploy/check-deployment.sh validates k8s/ against it)."
  type        = string
  default     = "1.35"
}

variable "cluster_endpoint_public_access_cidrs" {
  description = "CIDRs allowed to reach the EKS API endpoint publicly; empty keeps the endpoint private only."
  type        = list(string)
  default     = []
}

variable "node_instance_types" {
  description = "Instance types of the managed node group."
  type        = list(string)
  default     = ["c6i.large"]
}

variable "node_min_size" {
  description = "Minimum nodes in the managed node group."
  type        = number
  default     = 2
}

variable "node_desired_size" {
  description = "Initial nodes in the managed node group (a cluster autoscaler, if you run one, moves it later)."
  type        = number
  default     = 3
}

variable "node_max_size" {
  description = "Maximum nodes in the managed node group."
  type        = number
  default     = 6
}

variable "k8s_namespace" {
  description = "Namespace of rankd's ServiceAccount (k8s/serviceaccount.yaml); the IRSA trust is scoped to it."
  type        = string
  default     = "rankd"
}

variable "k8s_service_account" {
  description = "Name of rankd's ServiceAccount; the IRSA trust is scoped to it."
  type        = string
  default     = "rankd"
}

variable "bundle_noncurrent_days" {
  description = "Days a replaced or deleted bundle object version is kept (rollback window)."
  type        = number
  default     = 30
}

variable "log_retention_days" {
  description = "Retention of CloudWatch logs (EKS control plane, VPC flow logs)."
  type        = number
  default     = 365
}
