"""MSK (managed Kafka) cluster settings. One row each (see `iacscan.check_table`)."""

from __future__ import annotations

from iacscan.check import Severity
from iacscan.check_table import Disabled, Doc, Enabled, NoneOf, Present, SettingRule, setting_check
from iacscan.model.aws_data_rules import CLOUDFORMATION, TERRAFORM

_DOCS = "https://docs.aws.amazon.com/msk/latest/developerguide"
_TF = "aws_msk_cluster"
_CFN = "AWS::MSK::Cluster"
_TF_TRANSIT = ("encryption_info", 0, "encryption_in_transit", 0)
_CFN_TRANSIT = ("EncryptionInfo", "EncryptionInTransit")

msk_client_plaintext_allowed = setting_check(
    SettingRule(
        id="IAC-AWS-MSK-001",
        name="msk-client-plaintext-allowed",
        title="MSK cluster accepts plaintext client connections",
        severity=Severity.HIGH,
        category="encryption",
        what="client-broker encryption",
        where={
            TERRAFORM: {_TF: (*_TF_TRANSIT, "client_broker")},
            CLOUDFORMATION: {_CFN: (*_CFN_TRANSIT, "ClientBroker")},
        },
        expect=NoneOf(frozenset({"PLAINTEXT", "TLS_PLAINTEXT"})),
        doc=Doc(
            what_it_does="""
Flags MSK clusters whose `client_broker` encryption (CloudFormation
`EncryptionInfo.EncryptionInTransit.ClientBroker`) is `PLAINTEXT` or `TLS_PLAINTEXT`. The
default is `TLS`, so an unwritten setting is not reported; nor are unknown values.""",
            why_is_this_bad="""
Plaintext listeners let producers and consumers send messages (and SASL/SCRAM credentials)
in clear text, readable and alterable on the network.""",
            example="""
```hcl
resource "aws_msk_cluster" "events" {
  cluster_name = "events"

  encryption_info {
    encryption_in_transit {
      client_broker = "TLS_PLAINTEXT"
    }
  }
}
```""",
            use_instead="""
```hcl
resource "aws_msk_cluster" "events" {
  cluster_name = "events"

  encryption_info {
    encryption_in_transit {
      client_broker = "TLS"
    }
  }
}
```""",
        ),
        remediation="""
Accept TLS connections only.

```hcl
resource "aws_msk_cluster" "events" {
  encryption_info {
    encryption_in_transit {
      client_broker = "TLS"
    }
  }
}
```""",
        compliance={"nist-800-53-r5": ["SC-8"]},
        equivalents={"checkov": ["CKV_AWS_81"], "tfsec": ["aws-msk-enable-in-transit-encryption"]},
        references=[f"{_DOCS}/msk-encryption.html"],
    )
)

msk_in_cluster_unencrypted = setting_check(
    SettingRule(
        id="IAC-AWS-MSK-002",
        name="msk-in-cluster-unencrypted",
        title="MSK brokers replicate data between themselves without TLS",
        severity=Severity.MEDIUM,
        category="encryption",
        what="in-cluster encryption",
        where={
            TERRAFORM: {_TF: (*_TF_TRANSIT, "in_cluster")},
            CLOUDFORMATION: {_CFN: (*_CFN_TRANSIT, "InCluster")},
        },
        expect=Enabled(default=True),
        doc=Doc(
            what_it_does="""
Flags MSK clusters with `in_cluster = false` (CloudFormation
`EncryptionInfo.EncryptionInTransit.InCluster: false`). The default is on, so an unwritten
setting is not reported; nor are unknown values.""",
            why_is_this_bad="""
Without it, every message is replicated between brokers in clear text inside the VPC.""",
            example="""
```hcl
resource "aws_msk_cluster" "events" {
  cluster_name = "events"

  encryption_info {
    encryption_in_transit {
      in_cluster = false
    }
  }
}
```""",
            use_instead="""
```hcl
resource "aws_msk_cluster" "events" {
  cluster_name = "events"

  encryption_info {
    encryption_in_transit {
      in_cluster = true
    }
  }
}
```""",
        ),
        remediation="""
Keep in-cluster encryption on (the default; it cannot be changed after creation).

```hcl
resource "aws_msk_cluster" "events" {
  encryption_info {
    encryption_in_transit {
      in_cluster = true
    }
  }
}
```""",
        compliance={"nist-800-53-r5": ["SC-8"]},
        equivalents={"checkov": ["CKV_AWS_81"], "tfsec": ["aws-msk-enable-in-transit-encryption"]},
        references=[f"{_DOCS}/msk-encryption.html"],
    )
)

msk_broker_logging_disabled = setting_check(
    SettingRule(
        id="IAC-AWS-MSK-003",
        name="msk-broker-logging-disabled",
        title="MSK cluster does not deliver broker logs",
        severity=Severity.LOW,
        category="logging",
        what="broker logging",
        where={
            TERRAFORM: {_TF: ("logging_info", 0, "broker_logs")},
            CLOUDFORMATION: {_CFN: ("LoggingInfo", "BrokerLogs")},
        },
        expect=Present(),
        doc=Doc(
            what_it_does="""
Flags MSK clusters without broker log delivery: no `logging_info { broker_logs }`
(CloudFormation `LoggingInfo.BrokerLogs`) to CloudWatch Logs, Firehose or S3 (nothing is
delivered by default). Unknown values are not reported.""",
            why_is_this_bad="""
Broker logs record authentication failures, authorisation errors and client activity;
without them, abuse of the cluster cannot be detected or investigated.""",
            example="""
```hcl
resource "aws_msk_cluster" "events" {
  cluster_name = "events"
}
```""",
            use_instead="""
```hcl
resource "aws_msk_cluster" "events" {
  cluster_name = "events"

  logging_info {
    broker_logs {
      cloudwatch_logs {
        enabled   = true
        log_group = aws_cloudwatch_log_group.msk.name
      }
    }
  }
}
```""",
        ),
        remediation="""
Deliver broker logs to CloudWatch Logs, Firehose or S3.

```hcl
resource "aws_msk_cluster" "events" {
  logging_info {
    broker_logs {
      cloudwatch_logs {
        enabled   = true
        log_group = aws_cloudwatch_log_group.msk.name
      }
    }
  }
}
```""",
        compliance={"nist-800-53-r5": ["AU-2", "AU-12"]},
        equivalents={"checkov": ["CKV_AWS_80"], "tfsec": ["aws-msk-enable-logging"]},
        references=[f"{_DOCS}/msk-logging.html"],
    )
)

msk_public_access_enabled = setting_check(
    SettingRule(
        id="IAC-AWS-MSK-004",
        name="msk-public-access-enabled",
        title="MSK brokers are reachable from the internet",
        severity=Severity.HIGH,
        category="public-endpoint",
        what="public access",
        where={
            TERRAFORM: {
                _TF: (
                    "broker_node_group_info",
                    0,
                    "connectivity_info",
                    0,
                    "public_access",
                    0,
                    "type",
                )
            },
            CLOUDFORMATION: {
                _CFN: ("BrokerNodeGroupInfo", "ConnectivityInfo", "PublicAccess", "Type")
            },
        },
        expect=NoneOf(frozenset({"SERVICE_PROVIDED_EIPS"})),
        doc=Doc(
            what_it_does="""
Flags MSK clusters whose brokers get public IP addresses: `public_access { type }`
(CloudFormation `BrokerNodeGroupInfo.ConnectivityInfo.PublicAccess.Type`) set to
`SERVICE_PROVIDED_EIPS`. The default (`DISABLED`) is private. Unknown values are not
reported.""",
            why_is_this_bad="""
Public brokers are exposed to scanning and credential guessing from the whole internet;
a single weak client credential or permissive ACL leaks every topic.""",
            example="""
```hcl
resource "aws_msk_cluster" "events" {
  broker_node_group_info {
    connectivity_info {
      public_access {
        type = "SERVICE_PROVIDED_EIPS"
      }
    }
  }
}
```""",
            use_instead="""
```hcl
resource "aws_msk_cluster" "events" {
  broker_node_group_info {
    connectivity_info {
      public_access {
        type = "DISABLED"
      }
    }
  }
}
```""",
        ),
        remediation="""
Keep brokers private and reach them through the VPC, PrivateLink or a VPN.

```hcl
resource "aws_msk_cluster" "events" {
  broker_node_group_info {
    connectivity_info {
      public_access {
        type = "DISABLED"
      }
    }
  }
}
```""",
        compliance={"nist-800-53-r5": ["AC-3", "SC-7"]},
        equivalents={"checkov": ["CKV_AWS_291"]},
        references=[f"{_DOCS}/public-access.html"],
    )
)

msk_unauthenticated_access = setting_check(
    SettingRule(
        id="IAC-AWS-MSK-005",
        name="msk-unauthenticated-access",
        title="MSK cluster lets clients connect without authentication",
        severity=Severity.MEDIUM,
        category="iam",
        what="unauthenticated access",
        where={
            TERRAFORM: {_TF: ("client_authentication", 0, "unauthenticated")},
            CLOUDFORMATION: {_CFN: ("ClientAuthentication", "Unauthenticated", "Enabled")},
        },
        expect=Disabled(default=False),
        doc=Doc(
            what_it_does="""
Flags MSK clusters that explicitly allow unauthenticated clients:
`client_authentication { unauthenticated = true }` (CloudFormation
`ClientAuthentication.Unauthenticated.Enabled: true`). Unknown values are not reported.""",
            why_is_this_bad="""
Unauthenticated clients cannot be told apart or limited by Kafka ACLs: anything that reaches
the brokers can read and write every topic.""",
            example="""
```hcl
resource "aws_msk_cluster" "events" {
  client_authentication {
    unauthenticated = true
  }
}
```""",
            use_instead="""
```hcl
resource "aws_msk_cluster" "events" {
  client_authentication {
    unauthenticated = false

    sasl {
      iam = true
    }
  }
}
```""",
        ),
        remediation="""
Authenticate clients with IAM, SASL/SCRAM or mutual TLS.

```hcl
resource "aws_msk_cluster" "events" {
  client_authentication {
    sasl {
      iam = true
    }
  }
}
```""",
        compliance={"nist-800-53-r5": ["AC-3", "IA-2"]},
        references=[f"{_DOCS}/kafka_apis_iam.html"],
    )
)
