"""Contextual severity: the same misconfiguration matters more on a resource that the
internet can reach and that holds (or reaches) sensitive data.

Exposure and sensitivity are read from the graph and from what the checks found: a finding of
a check that reports public access (category `public-storage` or `public-endpoint`, or a
network check whose name says something is open to the internet) marks its resource as
exposed, and so are the resources connected to it (an instance behind an open security
group). Data stores are sensitive, and so is whatever is connected to one. A finding on a
resource that is both is raised one level (critical stays critical) and says why; its base
severity is kept beside the effective one.
"""

from __future__ import annotations

from dataclasses import replace

from iacscan.check import CheckMeta, Severity
from iacscan.findings import Finding
from iacscan.graph.graph import ResourceGraph
from iacscan.graph.model import Resource

EXPOSING_CATEGORIES = frozenset({"public-storage", "public-endpoint"})
EXPOSING_NAME_WORDS = ("open-to-internet", "-open", "public")

SENSITIVE_TYPES = frozenset({
    # AWS (Terraform and CloudFormation)
    "aws_db_instance", "aws_rds_cluster", "aws_s3_bucket", "aws_dynamodb_table",
    "aws_secretsmanager_secret", "aws_elasticache_cluster", "aws_elasticache_replication_group",
    "aws_redshift_cluster", "aws_opensearch_domain", "aws_elasticsearch_domain",
    "aws_efs_file_system", "aws_docdb_cluster", "aws_neptune_cluster", "aws_ebs_volume",
    "AWS::RDS::DBInstance", "AWS::RDS::DBCluster", "AWS::S3::Bucket", "AWS::DynamoDB::Table",
    "AWS::SecretsManager::Secret", "AWS::ElastiCache::ReplicationGroup",
    "AWS::Redshift::Cluster", "AWS::OpenSearchService::Domain", "AWS::EFS::FileSystem",
    "AWS::EC2::Volume",
    # Azure (Terraform azurerm and ARM)
    "azurerm_storage_account", "azurerm_mssql_server", "azurerm_sql_server",
    "azurerm_mssql_database", "azurerm_key_vault", "azurerm_cosmosdb_account",
    "azurerm_postgresql_server", "azurerm_postgresql_flexible_server", "azurerm_mysql_server",
    "azurerm_mysql_flexible_server", "microsoft.storage/storageaccounts",
    "microsoft.sql/servers", "microsoft.keyvault/vaults", "microsoft.documentdb/databaseaccounts",
    "microsoft.dbforpostgresql/servers", "microsoft.dbforpostgresql/flexibleservers",
    "microsoft.dbformysql/servers", "microsoft.dbformysql/flexibleservers",
    # Google Cloud
    "google_sql_database_instance", "google_storage_bucket", "google_bigquery_dataset",
    "google_secret_manager_secret",
    # Kubernetes
    "Secret",
})  # fmt: skip


def is_exposing(meta: CheckMeta) -> bool:
    """Whether a finding of this check means its resource is reachable from the internet."""
    if meta.category in EXPOSING_CATEGORIES:
        return True
    return meta.category == "network" and any(w in meta.name for w in EXPOSING_NAME_WORDS)


def is_sensitive(resource: Resource) -> bool:
    return resource.type in SENSITIVE_TYPES or resource.type.lower() in SENSITIVE_TYPES


def raised(severity: Severity) -> Severity:
    order = [Severity.INFO, Severity.LOW, Severity.MEDIUM, Severity.HIGH, Severity.CRITICAL]
    return order[min(order.index(severity) + 1, len(order) - 1)]


def contextualise(findings: list[Finding], graph: ResourceGraph) -> list[Finding]:
    """The findings with severities raised where exposure meets sensitive data.

    A finding never raises itself: a public bucket's own "public" finding already says what it
    says. It is raised by another exposure of the same resource, by an exposed neighbour, or,
    for an exposing finding such as an open security group, by the data it lets through."""
    exposed_by: dict[str, dict[str, str]] = {}
    for finding in findings:
        if is_exposing(finding.check):
            reasons = exposed_by.setdefault(finding.resource.id, {})
            reasons.setdefault(finding.check.id, finding.check.title.lower())

    def exposure(resource: Resource, check_id: str, own_counts: bool) -> str | None:
        reasons = exposed_by.get(resource.id, {})
        others = [title for other, title in reasons.items() if other != check_id]
        if others:
            return f"internet-exposed ({others[0]})"
        if own_counts and check_id in reasons:
            return f"internet-exposed ({reasons[check_id]})"
        for neighbour in graph.neighbours(resource):
            if neighbour.id in exposed_by:
                return f"reachable from the internet via {neighbour.address}"
        return None

    def reached_data(resource: Resource) -> str | None:
        for neighbour in graph.neighbours(resource):
            if is_sensitive(neighbour):
                return f"reaches sensitive data in {neighbour.address}"
        return None

    result = []
    for finding in findings:
        resource = finding.resource
        holds_data = is_sensitive(resource)
        exposed = exposure(resource, finding.check.id, own_counts=not holds_data)
        sensitive = None
        if exposed:
            sensitive = f"holds data ({resource.type})" if holds_data else reached_data(resource)
        base = finding.check.severity
        if exposed and sensitive and raised(base) is not base:
            finding = replace(finding, raised_to=raised(base), context=f"{exposed}; {sensitive}")
        result.append(finding)
    return result
