# One customer-managed key for the bundle bucket, the ECR repository, EKS secrets and the
# CloudWatch log groups. IAM policies grant its use (the account root statement delegates to IAM);
# CloudWatch Logs is a service principal and needs its own statement.
resource "aws_kms_key" "main" {
  description             = "${var.name}: S3 bundles, ECR images, EKS secrets, CloudWatch logs"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  policy                  = data.aws_iam_policy_document.kms.json
}

resource "aws_kms_alias" "main" {
  name          = "alias/${var.name}"
  target_key_id = aws_kms_key.main.key_id
}

data "aws_iam_policy_document" "kms" {
  #checkov:skip=CKV_AWS_109:Key policies must name the key as "*"; the root statement delegates to IAM policies
  #checkov:skip=CKV_AWS_111:Key policies must name the key as "*"; the root statement delegates to IAM policies
  #checkov:skip=CKV_AWS_356:Key policies must name the key as "*" (the policy is attached to this key only)
  statement {
    sid       = "AccountRootDelegatesToIAM"
    actions   = ["kms:*"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["arn:${local.partition}:iam::${local.account_id}:root"]
    }
  }

  statement {
    sid = "CloudWatchLogsOfThisAccount"
    actions = [
      "kms:Encrypt*",
      "kms:Decrypt*",
      "kms:ReEncrypt*",
      "kms:GenerateDataKey*",
      "kms:Describe*",
    ]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["logs.${var.region}.amazonaws.com"]
    }

    condition {
      test     = "ArnLike"
      variable = "kms:EncryptionContext:aws:logs:arn"
      values   = ["arn:${local.partition}:logs:${var.region}:${local.account_id}:log-group:*"]
    }
  }
}
