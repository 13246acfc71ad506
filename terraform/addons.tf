# EKS add-ons the manifests in k8s/ depend on. A new cluster runs the VPC CNI without its network
# policy agent, so k8s/networkpolicy.yaml would be accepted and silently not enforced; and it has
# no metrics-server, so k8s/hpa.yaml (CPU utilisation) would never get a metric and never scale.
resource "aws_eks_addon" "vpc_cni" {
  cluster_name = aws_eks_cluster.main.name
  addon_name   = "vpc-cni"
  configuration_values = jsonencode({
    enableNetworkPolicy = "true"
  })
  # The cluster starts with a self-managed vpc-cni; take it over on create, keep later edits.
  resolve_conflicts_on_create = "OVERWRITE"
  resolve_conflicts_on_update = "PRESERVE"
}

resource "aws_eks_addon" "metrics_server" {
  cluster_name                = aws_eks_cluster.main.name
  addon_name                  = "metrics-server"
  resolve_conflicts_on_create = "OVERWRITE"
  resolve_conflicts_on_update = "PRESERVE"

  # Its pods need nodes to schedule on.
  depends_on = [aws_eks_node_group.main]
}
