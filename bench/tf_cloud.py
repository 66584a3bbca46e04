"""Azure (azurerm) and Google Cloud Terraform components: storage accounts and containers, NSGs,
SQL servers with firewall rules, key vaults; firewalls, buckets with IAM members, Cloud SQL."""

from __future__ import annotations

from bench.hcl import Block, Item, Raw, Value, block
from bench.tf_parts import ModuleCtx, Part, Var, output

RG_NAME = Raw("azurerm_resource_group.main.name")
RG_LOCATION = Raw("azurerm_resource_group.main.location")


def azure_resource_group(ctx: ModuleCtx) -> Part:
    ctx.used.add("main")
    return Part(
        resources=[
            block(
                "resource",
                "azurerm_resource_group",
                "main",
                body=[
                    ("name", "rg-${local.name_prefix}"),
                    ("location", Raw("var.location")),
                    ("tags", Raw("local.common_tags")),
                ],
            )
        ],
        outputs=[output("resource_group_name", "azurerm_resource_group.main.name", "RG name")],
    )


def azure_storage(ctx: ModuleCtx) -> Part:
    name = ctx.label(ctx.pick("data", "logs", "media"))
    bad = ctx.flaws("tls", "http", "public", "network")
    part = Part()
    part.resources.append(
        block(
            "resource",
            "azurerm_storage_account",
            name,
            body=[
                ("name", f"st${{var.project}}${{var.environment}}{name}"),
                ("resource_group_name", RG_NAME),
                ("location", RG_LOCATION),
                ("account_tier", "Standard"),
                ("account_replication_type", ctx.pick("GRS", "ZRS", "LRS")),
                ("min_tls_version", "TLS1_0" if "tls" in bad else "TLS1_2"),
                ("https_traffic_only_enabled", "http" not in bad),
                ("allow_nested_items_to_be_public", "public" in bad),
                ("shared_access_key_enabled", False),
                block(
                    "blob_properties",
                    body=[block("delete_retention_policy", body=[("days", 14)])],
                ),
                block(
                    "network_rules",
                    body=[
                        ("default_action", "Allow" if "network" in bad else "Deny"),
                        ("bypass", ["AzureServices"]),
                        ("ip_rules", Raw("var.office_ip_ranges")),
                    ],
                ),
                ("tags", Raw("local.common_tags")),
            ],
        )
    )
    access = "blob" if "public" in bad else "private"
    part.resources.append(
        block(
            "resource",
            "azurerm_storage_container",
            name,
            body=[
                ("name", ctx.pick("exports", "uploads", "state")),
                ("storage_account_id", Raw(f"azurerm_storage_account.{name}.id")),
                ("container_access_type", access),
            ],
        )
    )
    part.variables.append(
        Var("office_ip_ranges", "list(string)", "Office egress ranges", ["203.0.113.0/24"])
    )
    part.outputs.append(
        output(f"{name}_storage_id", f"azurerm_storage_account.{name}.id", "Storage account id")
    )
    return part


def azure_nsg(ctx: ModuleCtx) -> Part:
    name = ctx.label(ctx.pick("web", "app", "jump"))
    bad = ctx.flaws("ssh", "rdp")
    rules = [_nsg_rule("allow-https", 100, "443", "Internet")]
    if "ssh" in bad:
        rules.append(_nsg_rule("allow-ssh", 110, "22", ctx.pick("*", "Internet", "0.0.0.0/0")))
    else:
        rules.append(_nsg_rule("allow-ssh-vpn", 110, "22", "10.30.0.0/16"))
    if "rdp" in bad:
        rules.append(_nsg_rule("allow-rdp", 120, "3389", "*"))
    rules.append(_nsg_rule("deny-all-inbound", 4096, "*", "*", access="Deny"))
    part = Part()
    part.resources.append(
        block(
            "resource",
            "azurerm_network_security_group",
            name,
            body=[
                ("name", f"nsg-${{local.name_prefix}}-{name}"),
                ("location", RG_LOCATION),
                ("resource_group_name", RG_NAME),
                *rules,
                ("tags", Raw("local.common_tags")),
            ],
        )
    )
    part.outputs.append(
        output(f"{name}_nsg_id", f"azurerm_network_security_group.{name}.id", "NSG id")
    )
    return part


def _nsg_rule(name: str, priority: int, port: str, source: str, access: str = "Allow") -> Block:
    return block(
        "security_rule",
        body=[
            ("name", name),
            ("priority", priority),
            ("direction", "Inbound"),
            ("access", access),
            ("protocol", "Tcp" if port != "*" else "*"),
            ("source_port_range", "*"),
            ("destination_port_range", port),
            ("source_address_prefix", source),
            ("destination_address_prefix", "*"),
        ],
    )


def azure_sql(ctx: ModuleCtx) -> Part:
    name = ctx.label(ctx.pick("sql", "reporting"))
    bad = ctx.flaws("firewall", "tls", "public")
    part = Part()
    part.resources.append(
        block(
            "resource",
            "azurerm_mssql_server",
            name,
            body=[
                ("name", f"sql-${{local.name_prefix}}-{name}"),
                ("resource_group_name", RG_NAME),
                ("location", RG_LOCATION),
                ("version", "12.0"),
                ("administrator_login", "sqladmin"),
                ("administrator_login_password", Raw("var.sql_admin_password")),
                ("minimum_tls_version", "1.0" if "tls" in bad else "1.2"),
                ("public_network_access_enabled", "public" in bad),
                block("identity", body=[("type", "SystemAssigned")]),
                ("tags", Raw("local.common_tags")),
            ],
        )
    )
    start, end = (
        ("0.0.0.0", "255.255.255.255") if "firewall" in bad else ("203.0.113.0", "203.0.113.255")
    )
    server_id = Raw(f"azurerm_mssql_server.{name}.id")
    part.resources += [
        block(
            "resource",
            "azurerm_mssql_firewall_rule",
            f"{name}_office",
            body=[
                ("name", "office"),
                ("server_id", server_id),
                ("start_ip_address", start),
                ("end_ip_address", end),
            ],
        ),
        block(
            "resource",
            "azurerm_mssql_database",
            name,
            body=[
                ("name", ctx.pick("orders", "billing", "inventory")),
                ("server_id", server_id),
                ("sku_name", "S1"),
                ("zone_redundant", False),
                block("short_term_retention_policy", body=[("retention_days", 14)]),
            ],
        ),
    ]
    part.variables.append(
        Var("sql_admin_password", "string", "SQL admin password", has_default=False, sensitive=True)
    )
    return part


def azure_key_vault(ctx: ModuleCtx) -> Part:
    name = ctx.label("vault")
    bad = ctx.flaws("purge", "network")
    body: list[Item] = [
        ("name", "kv-${local.name_prefix}"),
        ("location", RG_LOCATION),
        ("resource_group_name", RG_NAME),
        ("tenant_id", Raw("var.tenant_id")),
        ("sku_name", "standard"),
        ("purge_protection_enabled", "purge" not in bad),
        ("soft_delete_retention_days", 90),
        ("enable_rbac_authorization", True),
        block(
            "network_acls",
            body=[
                ("default_action", "Allow" if "network" in bad else "Deny"),
                ("bypass", "AzureServices"),
            ],
        ),
        ("tags", Raw("local.common_tags")),
    ]
    return Part(
        resources=[block("resource", "azurerm_key_vault", name, body=body)],
        variables=[Var("tenant_id", "string", "Entra tenant id", has_default=False)],
        outputs=[output(f"{name}_uri", f"azurerm_key_vault.{name}.vault_uri", "Vault URI")],
    )


def gcp_firewall(ctx: ModuleCtx) -> Part:
    name = ctx.label(ctx.pick("allow_ssh", "allow_web", "allow_admin"))
    bad = ctx.flaws("ssh", "rdp")
    ranges: Value = ["35.235.240.0/20"]  # Identity-Aware Proxy
    ports: Value = ["22"]
    if "rdp" in bad:
        ports = ["22", "3389"]
    if bad:
        ranges = Raw("var.ssh_source_ranges")
    part = Part()
    part.resources.append(
        block(
            "resource",
            "google_compute_firewall",
            name,
            body=[
                ("name", f"${{local.name_prefix}}-{name.replace('_', '-')}"),
                ("network", Raw("var.network")),
                ("direction", "INGRESS"),
                ("priority", 1000),
                block("allow", body=[("protocol", "tcp"), ("ports", ports)]),
                ("source_ranges", ranges),
                ("target_tags", ["ssh"]),
                block("log_config", body=[("metadata", "INCLUDE_ALL_METADATA")]),
            ],
        )
    )
    part.variables.append(Var("network", "string", "VPC network self link", "default"))
    if bad:
        part.variables.append(
            Var("ssh_source_ranges", "list(string)", "Who may reach SSH", ["0.0.0.0/0"])
        )
    return part


def gcp_bucket(ctx: ModuleCtx) -> Part:
    name = ctx.label(ctx.pick("static", "exports", "backups"))
    bad = ctx.flaws("uniform", "prevention", "all_users")
    part = Part()
    part.resources.append(
        block(
            "resource",
            "google_storage_bucket",
            name,
            body=[
                ("name", f"${{local.name_prefix}}-{name}"),
                ("location", Raw("var.region")),
                ("force_destroy", False),
                ("uniform_bucket_level_access", "uniform" not in bad),
                ("public_access_prevention", "inherited" if "prevention" in bad else "enforced"),
                block("versioning", body=[("enabled", True)]),
                block(
                    "lifecycle_rule",
                    body=[
                        block("condition", body=[("age", 365)]),
                        block("action", body=[("type", "Delete")]),
                    ],
                ),
                ("labels", Raw("local.common_tags")),
            ],
        )
    )
    member = "allUsers" if "all_users" in bad else "group:data-readers@example.com"
    part.resources.append(
        block(
            "resource",
            "google_storage_bucket_iam_member",
            f"{name}_viewer",
            body=[
                ("bucket", Raw(f"google_storage_bucket.{name}.name")),
                ("role", "roles/storage.objectViewer"),
                ("member", member),
            ],
        )
    )
    part.outputs.append(output(f"{name}_bucket_url", f"google_storage_bucket.{name}.url", "URL"))
    return part


def gcp_sql(ctx: ModuleCtx) -> Part:
    name = ctx.label(ctx.pick("main", "analytics"))
    bad = ctx.flaws("open", "ssl", "backups")
    ip: list[Item] = [
        ("ipv4_enabled", "open" in bad),
        ("private_network", Raw("var.network")),
        ("ssl_mode", "ALLOW_UNENCRYPTED_AND_ENCRYPTED" if "ssl" in bad else "ENCRYPTED_ONLY"),
    ]
    if "open" in bad:
        ip.append(block("authorized_networks", body=[("name", "anyone"), ("value", "0.0.0.0/0")]))
    settings = block(
        "settings",
        body=[
            ("tier", "db-custom-2-7680"),
            ("availability_type", "REGIONAL"),
            block("ip_configuration", body=ip),
            block(
                "backup_configuration",
                body=[("enabled", "backups" not in bad), ("point_in_time_recovery_enabled", True)],
            ),
            block("database_flags", body=[("name", "log_connections"), ("value", "on")]),
            block("database_flags", body=[("name", "log_disconnections"), ("value", "on")]),
        ],
    )
    return Part(
        resources=[
            block(
                "resource",
                "google_sql_database_instance",
                name,
                body=[
                    ("name", f"${{local.name_prefix}}-{name}"),
                    ("database_version", "POSTGRES_15"),
                    ("region", Raw("var.region")),
                    ("deletion_protection", True),
                    settings,
                ],
            )
        ],
        variables=[Var("network", "string", "VPC network self link", "default")],
        outputs=[
            output(
                f"{name}_connection_name",
                f"google_sql_database_instance.{name}.connection_name",
                "Connection name",
            )
        ],
    )


AZURE_COMPONENTS = {
    "storage": azure_storage,
    "nsg": azure_nsg,
    "sql": azure_sql,
    "key_vault": azure_key_vault,
}
GCP_COMPONENTS = {"firewall": gcp_firewall, "bucket": gcp_bucket, "sql": gcp_sql}
