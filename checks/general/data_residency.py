from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from iacscan.check import ANY_TYPE, CheckContext, Severity, Violation, check
from iacscan.graph.model import Framework, PathPart, Resource
from iacscan.model.regions import allowed_regions, is_allowed

# Where each kind of resource writes its place. Terraform AWS resources take `region` only
# from provider v6 on (before that it is the provider's); Google resources use `region`,
# `location` (a region, a zone or a multi-region) or `zone`.
_PROVIDER_PATHS: Final[dict[str, tuple[tuple[PathPart, ...], ...]]] = {
    "provider.aws": (("region",),),
    "provider.google": (("region",), ("zone",)),
    "provider.google-beta": (("region",), ("zone",)),
}
_PREFIX_PATHS: Final[tuple[tuple[str, tuple[tuple[PathPart, ...], ...]], ...]] = (
    ("azurerm_", (("location",),)),
    ("google_", (("region",), ("location",), ("zone",))),
    ("aws_", (("region",),)),
)


def _paths(resource: Resource) -> tuple[tuple[PathPart, ...], ...]:
    if resource.framework is Framework.ARM:
        return (("location",),)
    if resource.kind == "provider":
        return _PROVIDER_PATHS.get(resource.type_key, ())
    if resource.kind != "resource":
        return ()
    for prefix, paths in _PREFIX_PATHS:
        if resource.type.startswith(prefix):
            return paths
    return ()


@check(
    id="IAC-GEN-REGION-001",
    name="resource-outside-allowed-regions",
    title="Resource is placed outside the allowed regions",
    severity=Severity.MEDIUM,
    category="data-residency",
    targets={
        Framework.TERRAFORM: [ANY_TYPE, *_PROVIDER_PATHS],
        Framework.ARM: [ANY_TYPE],
    },
    remediation="""
        Deploy to one of the allowed regions (or, if the placement is intended, add the region
        to `allowed_regions` in `.iacscan.yaml` or pass `--allowed-region`).

        ```hcl
        provider "aws" {
          region = "eu-west-1"
        }
        ```
    """,
    compliance={"nist-800-53-r5": ["SA-9(5)", "CM-2"]},
    references=[
        "https://learn.microsoft.com/azure/reliability/availability-zones-region-support",
        "https://cloud.google.com/storage/docs/locations",
    ],
)
def resource_outside_allowed_regions(
    resource: Resource, context: CheckContext
) -> Iterator[Violation]:
    """
    ## What it does
    When the scan has allowed regions (`allowed_regions` in `.iacscan.yaml`, or
    `--allowed-region` given once a region), flags every written region or location that is
    not one of them, at its line: Terraform `provider "aws"` `region` (aliased providers too),
    `provider "google"` / `"google-beta"` `region` and `zone`, the `location` of `azurerm_*`
    resources, the `region`, `location` and `zone` of `google_*` resources, the `region` of
    `aws_*` resources (AWS provider v6 and later), and the `location` of every ARM resource.
    Without allowed regions the check is silent.

    Names are compared without regard to case, spaces or underscores (`West Europe` is
    `westeurope`); a zone counts as its region (`europe-west1-b` is in `europe-west1`,
    `eu-west-1a` in `eu-west-1`). Multi-region locations such as Google's `EU`, `US` or
    `EUR4` match only when listed themselves. Azure's `global` is not a place and passes.
    Unknown values (an unset variable, `[resourceGroup().location]`) and unwritten regions
    (taken from the environment at deploy time) stay silent. CloudFormation templates carry no
    region (the stack's region is chosen at deploy time), so they are not checked.

    ## Why is this bad?
    Data-protection laws and contracts (GDPR transfers, national data-sovereignty rules,
    customer agreements) often require data to stay in named jurisdictions. A resource created
    in another region breaks that promise silently, and moving data back later is costly.

    ## Example
    ```hcl
    # allowed_regions: [eu-west-1]
    provider "aws" {
      region = "us-east-1"
    }
    ```

    ## Use instead
    ```hcl
    provider "aws" {
      region = "eu-west-1"
    }
    ```
    """
    allowed = allowed_regions(context.settings.get("allowed_regions"))
    if not allowed:
        return
    for path in _paths(resource):
        place = resource.field(*path)
        if not isinstance(place.value, str) or is_allowed(place.value, allowed):
            continue
        names = ", ".join(sorted(allowed))
        yield Violation(at=place, message=f"{path[-1]} {place.value!r} is not allowed ({names})")
