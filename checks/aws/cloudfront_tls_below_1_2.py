from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Resource
from iacscan.graph.values import as_str
from iacscan.model.aws_network_cloudfront import TYPES, Distribution


@check(
    id="IAC-AWS-CLOUDFRONT-002",
    name="cloudfront-tls-below-1-2",
    title="CloudFront distribution accepts TLS versions older than 1.2",
    severity=Severity.MEDIUM,
    category="encryption",
    targets=TYPES,
    remediation="""
        Require TLS 1.2 or later from viewers.

        ```hcl
        viewer_certificate {
          acm_certificate_arn      = aws_acm_certificate.site.arn
          ssl_support_method       = "sni-only"
          minimum_protocol_version = "TLSv1.2_2021"
        }
        ```
    """,
    compliance={"nist-800-53-r5": ["SC-8", "SC-13"], "pci-dss-4.0": ["4.2.1"]},
    equivalents={"checkov": ["CKV_AWS_174"], "tfsec": ["aws-cloudfront-use-secure-tls-policy"]},
    references=[
        "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/secure-connections-supported-viewer-protocols-ciphers.html",
    ],
)
def cloudfront_tls_below_1_2(resource: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags CloudFront distributions with their own certificate (`acm_certificate_arn` or
    `iam_certificate_id`, CloudFormation `AcmCertificateArn` / `IamCertificateId`) whose
    `minimum_protocol_version` (`MinimumProtocolVersion`) is below TLS 1.2 (`SSLv3`, `TLSv1`,
    `TLSv1_2016`, `TLSv1.1_2016`), or unwritten (the default is `TLSv1`). Distributions on the
    default `*.cloudfront.net` certificate cannot choose a policy and are not reported.

    ## Why is this bad?
    TLS 1.0 and 1.1 rely on weak constructions and are no longer accepted by PCI DSS; allowing
    them lets an attacker on the path downgrade viewers to them.

    ## Example
    ```hcl
    viewer_certificate {
      acm_certificate_arn      = aws_acm_certificate.site.arn
      ssl_support_method       = "sni-only"
      minimum_protocol_version = "TLSv1"
    }
    ```

    ## Use instead
    ```hcl
    viewer_certificate {
      acm_certificate_arn      = aws_acm_certificate.site.arn
      ssl_support_method       = "sni-only"
      minimum_protocol_version = "TLSv1.2_2021"
    }
    ```
    """
    distribution = Distribution(resource)
    certificate = distribution.field("viewer_certificate")
    own = distribution.under(certificate, "acm_certificate").present
    if not own and not distribution.under(certificate, "iam_certificate").present:
        return
    minimum = distribution.under(certificate, "minimum_protocol")
    if not minimum.present:
        yield Violation(at=certificate, message="the minimum protocol is not set (TLSv1)")
        return
    text = as_str(minimum.value)
    if text is not None and not text.startswith(("TLSv1.2", "TLSv1.3")):
        yield Violation(at=minimum, message=f"the minimum protocol {text!r} is below TLS 1.2")
