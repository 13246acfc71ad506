output "cluster_name" {
  description = "EKS cluster name (aws eks update-kubeconfig --name ...)."
  value       = aws_eks_cluster.main.name
}

output "cluster_endpoint" {
  description = "EKS API endpoint."
  value       = aws_eks_cluster.main.endpoint
}

output "ecr_repository_url" {
  description = "Push rankd images here; set it as newName in k8s/kustomization.yaml images."
  value       = aws_ecr_repository.rankd.repository_url
}

output "bundle_bucket" {
  description = "S3 bucket of model/feature bundles; set as BUNDLE_BUCKET in k8s/deployment.yaml."
  value       = aws_s3_bucket.bundles.bucket
}

output "rankd_irsa_role_arn" {
  description = "IAM role for rankd's ServiceAccount; set as eks.amazonaws.com/role-arn in k8s/serviceaccount.yaml."
  value       = aws_iam_role.rankd.arn
}

output "kms_key_arn" {
  description = "KMS key encrypting the bucket, the images, EKS secrets and logs."
  value       = aws_kms_key.main.arn
}

output "vpc_id" {
  description = "VPC id."
  value       = aws_vpc.main.id
}

output "private_subnet_ids" {
  description = "Private subnets (nodes, internal load balancers)."
  value       = aws_subnet.private[*].id
}

output "public_subnet_ids" {
  description = "Public subnets (internet-facing load balancers, NAT)."
  value       = aws_subnet.public[*].id
}
