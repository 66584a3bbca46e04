from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Framework, Resource
from iacscan.model.settings import forbid_enabled

# The two formats disagree on the default: the Terraform provider makes instances private,
# the DMS API (and so CloudFormation) makes them public.
_SETTING = {
    Framework.TERRAFORM: ("publicly_accessible", False),
    Framework.CLOUDFORMATION: ("PubliclyAccessible", True),
}


@check(
    id="IAC-AWS-DMS-001",
    name="dms-replication-instance-public",
    title="DMS replication instance is publicly accessible",
    severity=Severity.HIGH,
    category="public-endpoint",
    targets={
        Framework.TERRAFORM: ["aws_dms_replication_instance"],
        Framework.CLOUDFORMATION: ["AWS::DMS::ReplicationInstance"],
    },
    remediation="""
        Keep the replication instance private, in subnets that reach the source and target
        databases.

        ```yaml
        ReplicationInstance:
          Type: AWS::DMS::ReplicationInstance
          Properties:
            ReplicationInstanceClass: dms.t3.medium
            PubliclyAccessible: false
        ```
    """,
    compliance={"nist-800-53-r5": ["SC-7", "AC-3"]},
    equivalents={"checkov": ["CKV_AWS_89"]},
    references=[
        "https://docs.aws.amazon.com/dms/latest/userguide/CHAP_ReplicationInstance.PublicPrivate.html",
    ],
)
def dms_replication_instance_public(
    instance: Resource, context: CheckContext
) -> Iterator[Violation]:
    """
    ## What it does
    Flags DMS replication instances with a public IP address: `publicly_accessible = true`
    in Terraform (the provider's default is false), and `PubliclyAccessible` true or
    unwritten in CloudFormation (the DMS API's default is true).

    ## Why is this bad?
    A replication instance holds connections and credentials to the source and target
    databases and streams their data; with a public address it is reachable from the internet
    wherever its security groups allow.

    ## Example
    ```yaml
    ReplicationInstance:
      Type: AWS::DMS::ReplicationInstance
      Properties:
        ReplicationInstanceClass: dms.t3.medium
    ```

    ## Use instead
    ```yaml
    ReplicationInstance:
      Type: AWS::DMS::ReplicationInstance
      Properties:
        ReplicationInstanceClass: dms.t3.medium
        PubliclyAccessible: false
    ```
    """
    key, default = _SETTING[instance.framework]
    yield from forbid_enabled(instance.field(key), "public accessibility", default=default)
