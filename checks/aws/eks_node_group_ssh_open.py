from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.model import Framework, Resource

# framework -> (remote access block, SSH key, source security groups)
_KEYS = {
    Framework.TERRAFORM: (("remote_access", 0), "ec2_ssh_key", "source_security_group_ids"),
    Framework.CLOUDFORMATION: (("RemoteAccess",), "Ec2SshKey", "SourceSecurityGroups"),
}


@check(
    id="IAC-AWS-EKS-012",
    name="eks-node-group-ssh-open",
    title="EKS node group allows SSH from the whole internet",
    severity=Severity.HIGH,
    category="network",
    targets={
        Framework.TERRAFORM: ["aws_eks_node_group"],
        Framework.CLOUDFORMATION: ["AWS::EKS::Nodegroup"],
    },
    remediation="""
        Name the security groups allowed to reach the nodes over SSH (or drop the SSH key and
        use Session Manager).

        ```hcl
        remote_access {
          ec2_ssh_key               = aws_key_pair.ops.key_name
          source_security_group_ids = [aws_security_group.bastion.id]
        }
        ```
    """,
    compliance={"nist-800-53-r5": ["AC-17", "SC-7"], "cis-aws-foundations-1.4.0": ["5.2"]},
    equivalents={"checkov": ["CKV_AWS_100"]},
    references=["https://docs.aws.amazon.com/eks/latest/APIReference/API_RemoteAccessConfig.html"],
)
def eks_node_group_ssh_open(group: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags EKS managed node groups whose `remote_access` (CloudFormation `RemoteAccess`) names
    an SSH key (`ec2_ssh_key`) without `source_security_group_ids` (`SourceSecurityGroups`).
    EKS then opens port 22 on the nodes to `0.0.0.0/0`.

    ## Why is this bad?
    Every node of the cluster accepts SSH connections from the whole internet, where they are
    scanned and brute-forced within minutes; one leaked key gives access to every node and the
    pods on it.

    ## Example
    ```hcl
    resource "aws_eks_node_group" "workers" {
      cluster_name = aws_eks_cluster.main.name

      remote_access {
        ec2_ssh_key = "ops"
      }
    }
    ```

    ## Use instead
    ```hcl
    resource "aws_eks_node_group" "workers" {
      cluster_name = aws_eks_cluster.main.name

      remote_access {
        ec2_ssh_key               = "ops"
        source_security_group_ids = [aws_security_group.bastion.id]
      }
    }
    ```
    """
    block_path, key, sources = _KEYS[group.framework]
    access = group.field(*block_path)
    if not access.get(key).present or access.get(sources).present:
        return
    yield Violation(at=access.get(key), message="SSH to the nodes is open to 0.0.0.0/0")
