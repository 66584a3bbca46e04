variable "name" {
  type = string
}

variable "acl" {
  type    = string
  default = "private"
}

resource "aws_s3_bucket" "this" {
  bucket = var.name
}

resource "aws_s3_bucket_acl" "this" {
  bucket = aws_s3_bucket.this.id
  acl    = var.acl
}

module "grants" {
  source = "../grants"
  bucket = aws_s3_bucket.this.id
}

output "bucket_id" {
  value = aws_s3_bucket.this.id
}

output "bucket_name" {
  value = var.name
}
