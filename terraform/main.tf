data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

# Exactly the zones named in var.availability_zone_letters, and only if they are available.
data "aws_availability_zones" "selected" {
  state = "available"

  filter {
    name   = "zone-name"
    values = [for letter in var.availability_zone_letters : "${var.region}${letter}"]
  }
}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  azs        = data.aws_availability_zones.selected.names
  az_count   = length(var.availability_zone_letters)

  tags = {
    Project     = var.name
    Environment = var.environment
    ManagedBy   = "terraform"
  }
}
