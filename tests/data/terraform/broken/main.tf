variable "acl" {
  type = string
}

resource "aws_s3_bucket" "logs" {
  bucket = "acme-logs"
  acl    = var.acl
}
