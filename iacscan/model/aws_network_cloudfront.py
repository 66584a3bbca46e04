"""CloudFront distributions in one vocabulary.

Terraform writes the distribution's settings at the top of `aws_cloudfront_distribution`
(snake_case, nested blocks as one-element lists); CloudFormation writes them under
`DistributionConfig` (PascalCase). `Distribution` hands out fields in either form by one
logical name, so a check reads `distribution.field("viewer_certificate", "minimum_protocol")`
without caring which format it came from.
"""

from __future__ import annotations

from dataclasses import dataclass

from iacscan.graph.model import Field, Framework, Resource

TYPES = {
    Framework.TERRAFORM: ("aws_cloudfront_distribution",),
    Framework.CLOUDFORMATION: ("AWS::CloudFront::Distribution",),
}

# logical name -> (Terraform path, CloudFormation path under DistributionConfig)
_PATHS: dict[str, tuple[tuple[str | int, ...], tuple[str, ...]]] = {
    "default_behavior": (("default_cache_behavior", 0), ("DefaultCacheBehavior",)),
    "behaviors": (("ordered_cache_behavior",), ("CacheBehaviors",)),
    "viewer_protocol_policy": (("viewer_protocol_policy",), ("ViewerProtocolPolicy",)),
    "viewer_certificate": (("viewer_certificate", 0), ("ViewerCertificate",)),
    "minimum_protocol": (("minimum_protocol_version",), ("MinimumProtocolVersion",)),
    "acm_certificate": (("acm_certificate_arn",), ("AcmCertificateArn",)),
    "iam_certificate": (("iam_certificate_id",), ("IamCertificateId",)),
    "logging": (("logging_config",), ("Logging",)),
    "web_acl": (("web_acl_id",), ("WebACLId",)),
    "origins": (("origin",), ("Origins",)),
    "custom_origin": (("custom_origin_config", 0), ("CustomOriginConfig",)),
    "origin_protocol_policy": (("origin_protocol_policy",), ("OriginProtocolPolicy",)),
    "origin_ssl_protocols": (("origin_ssl_protocols",), ("OriginSSLProtocols",)),
    "s3_origin": (("s3_origin_config",), ("S3OriginConfig",)),
    "origin_access_control": (("origin_access_control_id",), ("OriginAccessControlId",)),
    "default_root_object": (("default_root_object",), ("DefaultRootObject",)),
}


@dataclass(frozen=True, slots=True)
class Distribution:
    resource: Resource

    @property
    def terraform(self) -> bool:
        return self.resource.framework is Framework.TERRAFORM

    @property
    def root(self) -> Field:
        if self.terraform:
            return Field(self.resource, (), self.resource.attributes)
        return self.resource.field("DistributionConfig")

    def path(self, name: str) -> tuple[str | int, ...]:
        terraform, cloudformation = _PATHS[name]
        return terraform if self.terraform else cloudformation

    def field(self, *names: str) -> Field:
        """The field at the logical path `names` from the distribution's settings."""
        return self.under(self.root, *names)

    def under(self, base: Field, *names: str) -> Field:
        """The field at the logical path `names` below another field (a behavior, an
        origin)."""
        path: tuple[str | int, ...] = ()
        for name in names:
            path += self.path(name)
        return base.get(*path)

    def items(self, name: str) -> list[Field]:
        """The elements of a list setting (origins, ordered behaviors)."""
        found = self.field(name)
        if not isinstance(found.value, list):
            return []
        return [found.get(index) for index in range(len(found.value))]

    def behaviors(self) -> list[Field]:
        """The default cache behavior (when written) and every ordered one."""
        default = self.field("default_behavior")
        return ([default] if default.present else []) + self.items("behaviors")
