variable "logs_acl" {
  default = "public-read"
}

module "logs" {
  source = "./modules/bucket"
  count  = 2
  name   = "acme-logs-${count.index}"
  acl    = var.logs_acl
}

module "sites" {
  source   = "./modules/bucket"
  for_each = toset(["blog", "shop"])
  name     = "acme-${each.key}"
}

resource "aws_s3_bucket_public_access_block" "logs_1" {
  bucket              = module.logs[1].bucket_id
  block_public_acls   = true
  ignore_public_acls  = true
  block_public_policy = true
}

locals {
  names = [for site in module.sites : site.bucket_name]
}

output "first_log_bucket" {
  value = module.logs[0].bucket_name
}
