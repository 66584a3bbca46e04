from __future__ import annotations

from collections.abc import Iterator

from iacscan.check import CheckContext, Severity, Violation, check
from iacscan.graph.graph import ResourceGraph
from iacscan.graph.model import Field, Framework, Resource
from iacscan.model.aws_data_rules import (
    engine,
    find_parameter,
    has_unknown_parameter_name,
    known_text,
    parameters,
    setting,
    standalone_instance,
)

# The parameter that makes each engine refuse unencrypted connections, and its "off" values.
_TLS_PARAMETERS = {
    "rds.force_ssl": frozenset({"0", "false", "off"}),  # PostgreSQL, SQL Server
    "require_secure_transport": frozenset({"0", "false", "off"}),  # MySQL, MariaDB
}


@check(
    id="IAC-AWS-RDS-019",
    name="rds-parameter-group-tls-disabled",
    title="RDS parameter group lets clients connect without TLS",
    severity=Severity.MEDIUM,
    category="encryption",
    targets={
        Framework.TERRAFORM: ["aws_db_parameter_group", "aws_rds_cluster_parameter_group"],
        Framework.CLOUDFORMATION: [
            "AWS::RDS::DBParameterGroup",
            "AWS::RDS::DBClusterParameterGroup",
        ],
    },
    remediation="""
        Require TLS (`rds.force_ssl = 1` for PostgreSQL and SQL Server,
        `require_secure_transport = ON` for MySQL and MariaDB).

        ```hcl
        resource "aws_db_parameter_group" "orders" {
          family = "postgres16"

          parameter {
            name  = "rds.force_ssl"
            value = "1"
          }
        }
        ```
    """,
    compliance={"nist-800-53-r5": ["SC-8"], "pci-dss-4.0": ["4.2.1"]},
    equivalents={"checkov": ["CKV2_AWS_69"]},
    references=[
        "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/PostgreSQL.Concepts.General.SSL.html",
    ],
)
def rds_parameter_group_tls_disabled(group: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags RDS and Aurora parameter groups that explicitly turn TLS enforcement off:
    `rds.force_ssl` (PostgreSQL, SQL Server) or `require_secure_transport` (MySQL, MariaDB)
    set to `0` / `OFF`. Defaults differ by engine and version, so groups that do not set the
    parameter are not reported here (IAC-AWS-RDS-024 reports the database instances whose
    engine's default lets clients connect without TLS); nor are unknown values.

    ## Why is this bad?
    Clients may then connect in clear text, sending credentials and query results across the
    network unencrypted and open to tampering.

    ## Example
    ```hcl
    resource "aws_db_parameter_group" "orders" {
      family = "postgres16"

      parameter {
        name  = "rds.force_ssl"
        value = "0"
      }
    }
    ```

    ## Use instead
    ```hcl
    resource "aws_db_parameter_group" "orders" {
      family = "postgres16"

      parameter {
        name  = "rds.force_ssl"
        value = "1"
      }
    }
    ```
    """
    for parameter in parameters(group):
        off = _TLS_PARAMETERS.get(parameter.name or "")
        value = known_text(parameter.value)
        if off is not None and value in off:
            yield Violation(at=parameter.value, message=f"{parameter.name} is {value!r}")


_PARAMETER_GROUPS = ("aws_db_parameter_group", "AWS::RDS::DBParameterGroup")
_FORCE_SSL, _SECURE_TRANSPORT = "rds.force_ssl", "require_secure_transport"


def _version(text: str | None) -> tuple[int, ...] | None:
    """`"14.7"` -> (14, 7); None when unwritten, unknown or not a version."""
    if text is None:
        return None
    parts = text.split(".")
    return tuple(int(p) for p in parts) if all(p.isdigit() for p in parts) else None


def _default_off(db_engine: str, version: tuple[int, ...] | None) -> str | None:
    """The TLS parameter, when the engine's default parameter group leaves it off at this
    version; None when the default requires TLS or depends on a version not known."""
    if db_engine == "mysql":
        return _SECURE_TRANSPORT  # OFF by default in every version
    if db_engine.startswith("sqlserver-"):
        return _FORCE_SSL  # 0 by default
    if db_engine == "postgres" and version is not None and version[0] < 15:
        return _FORCE_SSL  # 1 by default from PostgreSQL 15
    if db_engine == "mariadb" and version is not None and version < (11, 8):
        return _SECURE_TRANSPORT  # ON by default from MariaDB 11.8
    return None


def _own_group(instance: Resource, where: Field, graph: ResourceGraph) -> Resource | None:
    """The one parameter group in the scan that `where` refers to."""
    found = {
        target.id: target
        for edge in graph.edges_from(instance, "reference")
        if edge.path[: len(where.path)] == where.path
        and (target := graph.get(edge.target)) is not None
        and target.type_key in _PARAMETER_GROUPS
    }
    return next(iter(found.values())) if len(found) == 1 else None


@check(
    id="IAC-AWS-RDS-024",
    name="rds-instance-tls-not-required",
    title="RDS database accepts connections without TLS by its engine's default",
    severity=Severity.LOW,
    category="encryption",
    targets={
        Framework.TERRAFORM: ["aws_db_instance"],
        Framework.CLOUDFORMATION: ["AWS::RDS::DBInstance"],
    },
    remediation="""
        Give the database a parameter group that requires TLS (`require_secure_transport`
        for MySQL and MariaDB, `rds.force_ssl` for PostgreSQL and SQL Server).

        ```hcl
        resource "aws_db_parameter_group" "billing" {
          family = "mysql8.0"

          parameter {
            name  = "require_secure_transport"
            value = "1"
          }
        }

        resource "aws_db_instance" "billing" {
          engine               = "mysql"
          parameter_group_name = aws_db_parameter_group.billing.name
          # ...
        }
        ```
    """,
    compliance={"nist-800-53-r5": ["SC-8"], "pci-dss-4.0": ["4.2.1"]},
    equivalents={"checkov": ["CKV2_AWS_69"]},
    references=[
        "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/mysql-ssl-connections.require-ssl.html",
        "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/PostgreSQL.Concepts.General.SSL.html",
        "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/SQLServer.Concepts.General.SSL.Using.html",
    ],
)
def rds_instance_tls_not_required(instance: Resource, context: CheckContext) -> Iterator[Violation]:
    """
    ## What it does
    Flags RDS database instances that accept unencrypted connections because nothing turns
    TLS enforcement on and their engine's default leaves it off: MySQL (every version;
    `require_secure_transport` is `OFF` by default), SQL Server (`rds.force_ssl` is `0`),
    PostgreSQL before 15 and MariaDB before 11.8 (later versions require TLS by default).
    The database either uses the default parameter group (`parameter_group_name` unwritten or
    `default.*`) or a parameter group of the scan that does not set the parameter.

    Only what is known is reported: an engine version that is unwritten where the default
    depends on it (PostgreSQL, MariaDB), a parameter group managed outside the scan (a name
    that is not `default.*`), parameters whose names are not known, Aurora cluster members
    (TLS is the cluster parameter group's) and read replicas without a known engine. A group
    that turns TLS off explicitly is reported on that line by IAC-AWS-RDS-019 instead. The
    finding points at `parameter_group_name` when it is written, else at the database.

    ## Why is this bad?
    Clients may connect in clear text, or be downgraded to it by someone on the network path;
    credentials and query results then cross the network readable and alterable. Most drivers
    try TLS first, so the risk is a misconfigured client or an active attacker rather than
    every connection, hence the low severity.

    ## Example
    ```hcl
    resource "aws_db_instance" "billing" {
      engine         = "mysql"
      engine_version = "8.0"
      instance_class = "db.t3.micro"
    }
    ```

    ## Use instead
    ```hcl
    resource "aws_db_instance" "billing" {
      engine               = "mysql"
      engine_version       = "8.0"
      instance_class       = "db.t3.micro"
      parameter_group_name = aws_db_parameter_group.billing.name
    }
    ```
    """
    db_engine = engine(instance)
    if db_engine is None or not standalone_instance(instance):
        return
    version = _version(known_text(setting(instance, "engine_version", "EngineVersion")))
    name = _default_off(db_engine, version)
    if name is None:
        return
    where = setting(instance, "parameter_group_name", "DBParameterGroupName")
    if not where.present:
        yield Violation(at=instance, message=f"the default parameter group leaves {name} off")
        return
    group = _own_group(instance, where, context.graph)
    if group is None:
        text = known_text(where)
        if text is not None and text.startswith("default."):
            yield Violation(at=where, message=f"the default parameter group leaves {name} off")
        return
    if has_unknown_parameter_name(group) or find_parameter(group, name) is not None:
        return
    yield Violation(
        at=where, message=f"parameter group {group.address} does not set {name}, off by default"
    )
