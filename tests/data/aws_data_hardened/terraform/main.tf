# Every data-service resource configured the way the IAC-AWS data checks ask: no finding.
resource "aws_kms_key" "data" {
  description         = "data services"
  enable_key_rotation = true
}

resource "aws_s3_bucket" "access_logs" {
  bucket = "acme-access-logs"
}

resource "aws_s3_bucket" "data" {
  bucket = "acme-data"
}

resource "aws_s3_bucket_versioning" "data" {
  bucket = aws_s3_bucket.data.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_versioning" "access_logs" {
  bucket = aws_s3_bucket.access_logs.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_logging" "data" {
  bucket        = aws_s3_bucket.data.id
  target_bucket = aws_s3_bucket.access_logs.id
  target_prefix = "data/"
}

data "aws_iam_policy_document" "tls_only" {
  for_each = { data = aws_s3_bucket.data.arn, access_logs = aws_s3_bucket.access_logs.arn }

  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [each.value, "${each.value}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "data" {
  bucket = aws_s3_bucket.data.id
  policy = data.aws_iam_policy_document.tls_only["data"].json
}

resource "aws_s3_bucket_policy" "access_logs" {
  bucket = aws_s3_bucket.access_logs.id
  policy = data.aws_iam_policy_document.tls_only["access_logs"].json
}

resource "aws_db_parameter_group" "postgres" {
  name   = "orders"
  family = "postgres16"

  parameter {
    name  = "rds.force_ssl"
    value = "1"
  }
}

resource "aws_db_instance" "orders" {
  identifier                          = "orders"
  engine                              = "postgres"
  instance_class                      = "db.m6g.large"
  allocated_storage                   = 50
  storage_encrypted                   = true
  kms_key_id                          = aws_kms_key.data.arn
  deletion_protection                 = true
  iam_database_authentication_enabled = true
  multi_az                            = true
  monitoring_interval                 = 60
  monitoring_role_arn                 = "arn:aws:iam::123456789012:role/rds-monitoring"
  enabled_cloudwatch_logs_exports     = ["postgresql", "upgrade"]
  backup_retention_period             = 14
  ca_cert_identifier                  = "rds-ca-rsa2048-g1"
  performance_insights_enabled        = true
  performance_insights_kms_key_id     = aws_kms_key.data.arn
  parameter_group_name                = aws_db_parameter_group.postgres.name
}

resource "aws_rds_cluster" "aurora" {
  cluster_identifier                  = "aurora"
  engine                              = "aurora-mysql"
  storage_encrypted                   = true
  kms_key_id                          = aws_kms_key.data.arn
  deletion_protection                 = true
  iam_database_authentication_enabled = true
  enabled_cloudwatch_logs_exports     = ["audit", "error", "slowquery"]
  backup_retention_period             = 7
}

resource "aws_rds_cluster_instance" "aurora" {
  identifier          = "aurora-1"
  cluster_identifier  = aws_rds_cluster.aurora.id
  engine              = "aurora-mysql"
  instance_class      = "db.r6g.large"
  monitoring_interval = 30
  monitoring_role_arn = "arn:aws:iam::123456789012:role/rds-monitoring"
}

resource "aws_dynamodb_table" "orders" {
  name                        = "orders"
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "id"
  deletion_protection_enabled = true

  attribute {
    name = "id"
    type = "S"
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.data.arn
  }
}

resource "aws_dax_cluster" "orders" {
  cluster_name                     = "orders"
  node_type                        = "dax.r5.large"
  replication_factor               = 3
  iam_role_arn                     = "arn:aws:iam::123456789012:role/dax"
  cluster_endpoint_encryption_type = "TLS"

  server_side_encryption {
    enabled = true
  }
}

variable "redis_auth_token" {
  type      = string
  sensitive = true
}

resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id       = "sessions"
  description                = "sessions"
  node_type                  = "cache.r6g.large"
  at_rest_encryption_enabled = true
  kms_key_id                 = aws_kms_key.data.arn
  transit_encryption_enabled = true
  auth_token                 = var.redis_auth_token
  snapshot_retention_limit   = 7
}

resource "aws_redshift_parameter_group" "warehouse" {
  name   = "warehouse"
  family = "redshift-2.0"

  parameter {
    name  = "require_ssl"
    value = "true"
  }
}

resource "aws_redshift_cluster" "warehouse" {
  cluster_identifier     = "warehouse"
  node_type              = "ra3.xlplus"
  encrypted              = true
  kms_key_id             = aws_kms_key.data.arn
  publicly_accessible    = false
  enhanced_vpc_routing   = true
  cluster_parameter_group_name = aws_redshift_parameter_group.warehouse.name
}

resource "aws_redshift_logging" "warehouse" {
  cluster_identifier   = aws_redshift_cluster.warehouse.id
  log_destination_type = "cloudwatch"
  log_exports          = ["connectionlog", "userlog", "useractivitylog"]
}

resource "aws_cloudwatch_log_group" "search" {
  name              = "/aws/opensearch/search"
  retention_in_days = 365
  kms_key_id        = aws_kms_key.data.arn
}

resource "aws_opensearch_domain" "search" {
  domain_name    = "search"
  engine_version = "OpenSearch_2.11"

  encrypt_at_rest {
    enabled    = true
    kms_key_id = aws_kms_key.data.arn
  }

  node_to_node_encryption {
    enabled = true
  }

  domain_endpoint_options {
    enforce_https       = true
    tls_security_policy = "Policy-Min-TLS-1-2-PFS-2023-10"
  }

  log_publishing_options {
    log_type                 = "AUDIT_LOGS"
    cloudwatch_log_group_arn = aws_cloudwatch_log_group.search.arn
  }

  vpc_options {
    subnet_ids         = ["subnet-a"]
    security_group_ids = ["sg-0123456789abcdef0"]
  }

  advanced_security_options {
    enabled                        = true
    internal_user_database_enabled = false

    master_user_options {
      master_user_arn = "arn:aws:iam::123456789012:role/search-admin"
    }
  }
}

resource "aws_sagemaker_model" "scoring" {
  name                     = "scoring"
  execution_role_arn       = "arn:aws:iam::123456789012:role/sagemaker"
  enable_network_isolation = true

  primary_container {
    image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/scoring:1.4.2"
  }
}

resource "aws_efs_file_system" "shared" {
  creation_token = "shared"
  encrypted      = true
  kms_key_id     = aws_kms_key.data.arn
}

resource "aws_sns_topic" "orders" {
  name              = "orders"
  kms_master_key_id = aws_kms_key.data.arn
}

resource "aws_sns_topic_subscription" "webhook" {
  topic_arn = aws_sns_topic.orders.arn
  protocol  = "https"
  endpoint  = "https://hooks.example.com/orders"
}

resource "aws_sqs_queue" "jobs" {
  name              = "jobs"
  kms_master_key_id = aws_kms_key.data.arn
}

resource "aws_secretsmanager_secret" "db" {
  name       = "orders/db"
  kms_key_id = aws_kms_key.data.arn
}

resource "aws_secretsmanager_secret_rotation" "db" {
  secret_id           = aws_secretsmanager_secret.db.id
  rotation_lambda_arn = "arn:aws:lambda:eu-west-1:123456789012:function:rotate"

  rotation_rules {
    automatically_after_days = 30
  }
}

resource "aws_ssm_parameter" "db_password" {
  name   = "/orders/db/password"
  type   = "SecureString"
  key_id = aws_kms_key.data.arn
  value  = var.redis_auth_token
}

resource "aws_ecr_repository" "api" {
  name                 = "api"
  image_tag_mutability = "IMMUTABLE"

  image_scanning_configuration {
    scan_on_push = true
  }

  encryption_configuration {
    encryption_type = "KMS"
    kms_key         = aws_kms_key.data.arn
  }
}

resource "aws_docdb_cluster_parameter_group" "catalog" {
  family = "docdb5.0"
  name   = "catalog"

  parameter {
    name  = "tls"
    value = "enabled"
  }

  parameter {
    name  = "audit_logs"
    value = "enabled"
  }
}

resource "aws_docdb_cluster" "catalog" {
  cluster_identifier              = "catalog"
  storage_encrypted               = true
  kms_key_id                      = aws_kms_key.data.arn
  deletion_protection             = true
  backup_retention_period         = 7
  enabled_cloudwatch_logs_exports = ["audit", "profiler"]
  db_cluster_parameter_group_name = aws_docdb_cluster_parameter_group.catalog.name
}

resource "aws_neptune_cluster_parameter_group" "graph" {
  family = "neptune1.3"
  name   = "graph"

  parameter {
    name  = "neptune_enable_audit_log"
    value = "1"
  }
}

resource "aws_neptune_cluster" "graph" {
  cluster_identifier                   = "graph"
  storage_encrypted                    = true
  kms_key_arn                          = aws_kms_key.data.arn
  iam_database_authentication_enabled  = true
  deletion_protection                  = true
  backup_retention_period              = 7
  enable_cloudwatch_logs_exports       = ["audit"]
  neptune_cluster_parameter_group_name = aws_neptune_cluster_parameter_group.graph.name
}

resource "aws_cloudwatch_log_group" "msk" {
  name              = "/msk/events"
  retention_in_days = 400
  kms_key_id        = aws_kms_key.data.arn
}

resource "aws_msk_cluster" "events" {
  cluster_name           = "events"
  kafka_version          = "3.6.0"
  number_of_broker_nodes = 3

  broker_node_group_info {
    instance_type   = "kafka.m5.large"
    client_subnets  = ["subnet-a", "subnet-b", "subnet-c"]
    security_groups = ["sg-0123456789abcdef0"]
  }

  encryption_info {
    encryption_at_rest_kms_key_arn = aws_kms_key.data.arn

    encryption_in_transit {
      client_broker = "TLS"
      in_cluster    = true
    }
  }

  client_authentication {
    sasl {
      iam = true
    }
  }

  logging_info {
    broker_logs {
      cloudwatch_logs {
        enabled   = true
        log_group = aws_cloudwatch_log_group.msk.name
      }
    }
  }
}

resource "aws_kinesis_stream" "events" {
  name            = "events"
  shard_count     = 1
  encryption_type = "KMS"
  kms_key_id      = aws_kms_key.data.arn
}

resource "aws_kinesis_firehose_delivery_stream" "events" {
  name        = "events"
  destination = "extended_s3"

  server_side_encryption {
    enabled  = true
    key_type = "CUSTOMER_MANAGED_CMK"
    key_arn  = aws_kms_key.data.arn
  }

  extended_s3_configuration {
    role_arn   = "arn:aws:iam::123456789012:role/firehose"
    bucket_arn = aws_s3_bucket.data.arn
  }
}

resource "aws_sagemaker_notebook_instance" "research" {
  name                   = "research"
  role_arn               = "arn:aws:iam::123456789012:role/sagemaker"
  instance_type          = "ml.t3.medium"
  subnet_id              = "subnet-a"
  security_groups        = ["sg-0123456789abcdef0"]
  direct_internet_access = "Disabled"
  root_access            = "Disabled"
  kms_key_id             = aws_kms_key.data.id
}

resource "aws_sagemaker_domain" "studio" {
  domain_name             = "studio"
  auth_mode               = "IAM"
  vpc_id                  = "vpc-0123456789abcdef0"
  subnet_ids              = ["subnet-a"]
  app_network_access_type = "VpcOnly"

  default_user_settings {
    execution_role = "arn:aws:iam::123456789012:role/sagemaker"
  }
}

resource "aws_athena_workgroup" "analytics" {
  name = "analytics"

  configuration {
    enforce_workgroup_configuration = true

    result_configuration {
      output_location = "s3://acme-data/athena/"

      encryption_configuration {
        encryption_option = "SSE_KMS"
        kms_key_arn       = aws_kms_key.data.arn
      }
    }
  }
}

resource "aws_athena_database" "analytics" {
  name   = "analytics"
  bucket = aws_s3_bucket.data.id

  encryption_configuration {
    encryption_option = "SSE_KMS"
    kms_key           = aws_kms_key.data.arn
  }
}

resource "aws_backup_vault" "main" {
  name        = "main"
  kms_key_arn = aws_kms_key.data.arn
}
