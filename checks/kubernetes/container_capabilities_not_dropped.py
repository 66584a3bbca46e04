"""Containers that keep the runtime's default capabilities: one row for "drop ALL", one for
the narrower "drop NET_RAW". Both read `securityContext.capabilities.drop` of every container
(`CAP_` prefixes and case do not matter); capabilities added back are IAC-K8S-POD-009's job."""

from __future__ import annotations

from iacscan.check import Severity
from iacscan.check_table import Doc
from iacscan.model.kubernetes_workloads import DropsAny, WorkloadRule, workload_setting_check

_CAPABILITIES = "https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#set-capabilities-for-a-container"

container_capabilities_not_dropped = workload_setting_check(
    WorkloadRule(
        id="IAC-K8S-POD-026",
        name="container-capabilities-not-dropped",
        title="Container does not drop all capabilities",
        severity=Severity.LOW,
        what="capabilities.drop",
        setting=("securityContext", "capabilities", "drop"),
        expect=DropsAny(frozenset({"ALL"})),
        linux_only=True,
        skip_ephemeral=True,
        doc=Doc(
            what_it_does="""
Flags containers and init containers whose `securityContext.capabilities.drop` does not
contain `ALL`: at the `drop` list when it is written, else at the nearest written parent
(`capabilities`, `securityContext` or the container). Ephemeral debugging containers and
pods that declare `os.name: windows` are skipped; unknown lists stay silent.""",
            why_is_this_bad="""
Without `drop: ["ALL"]` the container keeps the runtime's default capabilities (`CHOWN`,
`DAC_OVERRIDE`, `FOWNER`, `SETUID`, `SETGID`, `NET_RAW`, `MKNOD`, ...), which most
applications never use and which an attacker uses to bypass file permissions, change
identity or forge packets. The Pod Security Standards' Restricted profile requires dropping
them all.""",
            example="""
```yaml
containers:
  - name: api
    image: acme/api:2.3.1
```""",
            use_instead="""
```yaml
containers:
  - name: api
    image: acme/api:2.3.1
    securityContext:
      capabilities:
        drop: ["ALL"]
```""",
        ),
        remediation="""
Drop every capability and add back only what the process needs.

```yaml
securityContext:
  capabilities:
    drop: ["ALL"]
    add: ["NET_BIND_SERVICE"]
```""",
        compliance={"cis-kubernetes-1.8.0": ["5.2.9"], "nist-800-53-r5": ["AC-6", "CM-7"]},
        equivalents={"checkov": ["CKV_K8S_37"]},
        references=[
            "https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted",
            _CAPABILITIES,
        ],
    )
)

container_net_raw_not_dropped = workload_setting_check(
    WorkloadRule(
        id="IAC-K8S-POD-027",
        name="container-net-raw-not-dropped",
        title="Container does not drop the NET_RAW capability",
        severity=Severity.LOW,
        what="capabilities.drop",
        setting=("securityContext", "capabilities", "drop"),
        expect=DropsAny(frozenset({"ALL", "NET_RAW"})),
        linux_only=True,
        skip_ephemeral=True,
        doc=Doc(
            what_it_does="""
Flags containers and init containers whose `securityContext.capabilities.drop` contains
neither `NET_RAW` nor `ALL`, at the `drop` list or its nearest written parent. Ephemeral
debugging containers and pods that declare `os.name: windows` are skipped; unknown lists
stay silent.""",
            why_is_this_bad="""
Container runtimes grant `NET_RAW` by default. It lets a process open raw sockets and craft
any packet: ARP and DNS spoofing against other pods on the node, and a history of kernel
exploits that start from a raw socket.""",
            example="""
```yaml
securityContext:
  capabilities:
    drop: ["SYS_ADMIN"]
```""",
            use_instead="""
```yaml
securityContext:
  capabilities:
    drop: ["ALL"]
```""",
        ),
        remediation="""
Drop `NET_RAW` (better: `ALL`).

```yaml
securityContext:
  capabilities:
    drop: ["ALL"]
```""",
        compliance={"nist-800-53-r5": ["AC-6", "CM-7"]},
        equivalents={"checkov": ["CKV_K8S_28"], "kube-linter": ["drop-net-raw-capability"]},
        references=[_CAPABILITIES],
    )
)
