# The role rankd's pods assume through their ServiceAccount (IRSA): read-only on the bundle
# bucket. Only the token of system:serviceaccount:<namespace>:<name>, issued for STS, can assume it.
resource "aws_iam_role" "rankd" {
  name               = "${var.name}-bundle-reader"
  assume_role_policy = data.aws_iam_policy_document.rankd_assume.json
}

locals {
  oidc_issuer = replace(aws_eks_cluster.main.identity[0].oidc[0].issuer, "https://", "")
}

data "aws_iam_policy_document" "rankd_assume" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]

    principals {
      type        = "Federated"
      identifiers = [aws_iam_openid_connect_provider.eks.arn]
    }

    condition {
      test     = "StringEquals"
      variable = "${local.oidc_issuer}:sub"
      values   = ["system:serviceaccount:${var.k8s_namespace}:${var.k8s_service_account}"]
    }

    condition {
      test     = "StringEquals"
      variable = "${local.oidc_issuer}:aud"
      values   = ["sts.amazonaws.com"]
    }
  }
}

resource "aws_iam_role_policy" "rankd_read_bundles" {
  name   = "read-bundles"
  role   = aws_iam_role.rankd.id
  policy = data.aws_iam_policy_document.rankd_read_bundles.json
}

data "aws_iam_policy_document" "rankd_read_bundles" {
  statement {
    sid       = "ListBundles"
    actions   = ["s3:ListBucket", "s3:GetBucketLocation"]
    resources = [aws_s3_bucket.bundles.arn]
  }

  statement {
    sid       = "ReadBundleObjects"
    actions   = ["s3:GetObject", "s3:GetObjectVersion"]
    resources = ["${aws_s3_bucket.bundles.arn}/*"]
  }

  # Objects are SSE-KMS: reading them decrypts through S3 with this key only.
  statement {
    sid       = "DecryptBundles"
    actions   = ["kms:Decrypt"]
    resources = [aws_kms_key.main.arn]

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["s3.${var.region}.amazonaws.com"]
    }
  }
}
