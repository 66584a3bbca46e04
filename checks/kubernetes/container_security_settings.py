"""Container security-context settings that must be off, on or in range: one row each.

Each row names a `securityContext` setting and what is safe; `workload_setting_check` (in
`iacscan.model.kubernetes_workloads`) visits every container of every workload kind, reads the
setting as Kubernetes applies it and reports the exact line (or the nearest written parent
when the setting is missing and the default is unsafe).
"""

from __future__ import annotations

from iacscan.check import Severity
from iacscan.check_table import AtLeast, Disabled, Doc, Enabled, NoneOf, OneOf
from iacscan.model.kubernetes_workloads import WorkloadRule, workload_setting_check

_PSS = "https://kubernetes.io/docs/concepts/security/pod-security-standards/"
_SECURITY_CONTEXT = "https://kubernetes.io/docs/tasks/configure-pod-container/security-context/"

container_privilege_escalation_allowed = workload_setting_check(
    WorkloadRule(
        id="IAC-K8S-POD-002",
        name="container-privilege-escalation-allowed",
        title="Container allows privilege escalation",
        severity=Severity.MEDIUM,
        what="allowPrivilegeEscalation",
        setting=("securityContext", "allowPrivilegeEscalation"),
        expect=Disabled(default=True),
        linux_only=True,
        doc=Doc(
            what_it_does="""
Flags containers whose `securityContext.allowPrivilegeEscalation` is not explicitly
`false`. Kubernetes allows escalation when the setting is not written, so an unwritten
setting is reported too, at the container's `securityContext` (or the container itself when
it has none). Pods that declare `os.name: windows` are skipped: the setting does not exist
there.""",
            why_is_this_bad="""
With escalation allowed (the kernel's `no_new_privs` flag unset), a process in the container
can gain more privileges than its parent, for example through a setuid binary such as
`sudo` or `ping`, turning a foothold as an unprivileged user into root inside the
container.""",
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
      allowPrivilegeEscalation: false
```""",
        ),
        remediation="""
Set `allowPrivilegeEscalation: false` in every container's security context.

```yaml
securityContext:
  allowPrivilegeEscalation: false
```""",
        compliance={"cis-kubernetes-1.8.0": ["5.2.6"], "nist-800-53-r5": ["AC-6"]},
        equivalents={"checkov": ["CKV_K8S_20"], "kube-linter": ["privilege-escalation-container"]},
        references=[_PSS + "#restricted", _SECURITY_CONTEXT],
    )
)

container_root_filesystem_writable = workload_setting_check(
    WorkloadRule(
        id="IAC-K8S-POD-010",
        name="container-root-filesystem-writable",
        title="Container root filesystem is writable",
        severity=Severity.LOW,
        what="readOnlyRootFilesystem",
        setting=("securityContext", "readOnlyRootFilesystem"),
        expect=Enabled(default=False),
        linux_only=True,
        skip_ephemeral=True,
        doc=Doc(
            what_it_does="""
Flags containers and init containers whose `securityContext.readOnlyRootFilesystem` is not
true. The default is a writable root filesystem, so an unwritten setting is reported at the
container's `securityContext` (or the container itself). Ephemeral debugging containers and
pods that declare `os.name: windows` are skipped.""",
            why_is_this_bad="""
A writable root filesystem lets an attacker who gets code execution drop tools, replace
binaries or libraries the application loads later, and persist across process restarts
inside the container.""",
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
      readOnlyRootFilesystem: true
```""",
        ),
        remediation="""
Make the root filesystem read-only and mount writable `emptyDir` volumes only where the
process must write.

```yaml
containers:
  - name: api
    image: acme/api:2.3.1
    securityContext:
      readOnlyRootFilesystem: true
    volumeMounts:
      - name: tmp
        mountPath: /tmp
volumes:
  - name: tmp
    emptyDir: {}
```""",
        compliance={"nist-800-53-r5": ["CM-7", "SI-7"]},
        equivalents={"checkov": ["CKV_K8S_22"], "kube-linter": ["no-read-only-root-fs"]},
        references=[_SECURITY_CONTEXT],
    )
)

container_low_user_id = workload_setting_check(
    WorkloadRule(
        id="IAC-K8S-POD-031",
        name="container-low-user-id",
        title="Container runs with a user id below 10000",
        severity=Severity.LOW,
        what="runAsUser",
        setting=("securityContext", "runAsUser"),
        expect=AtLeast(10000, missing_ok=True),
        inherit=True,
        linux_only=True,
        doc=Doc(
            what_it_does="""
Flags containers whose effective `runAsUser` (the container's, else the pod's) is written and
below 10000, at the line that sets it. An unwritten `runAsUser` leaves the user to the image
and is judged by IAC-K8S-POD-006 (container may run as root) instead; `runAsUser: 0` is
reported by both. Pods that declare `os.name: windows` are skipped.""",
            why_is_this_bad="""
Low user ids are the ones the node's own accounts and daemons use. A process that escapes
the container with such a uid owns whatever that host user owns (files under `/var`, `/etc`,
home directories) and may share a uid with system services it can then signal or read.""",
            example="""
```yaml
securityContext:
  runAsUser: 1000
```""",
            use_instead="""
```yaml
securityContext:
  runAsNonRoot: true
  runAsUser: 10001
```""",
        ),
        remediation="""
Run as a dedicated high uid (10000 or above) that no host account uses.

```yaml
securityContext:
  runAsNonRoot: true
  runAsUser: 10001
```""",
        compliance={"nist-800-53-r5": ["AC-6"]},
        equivalents={"checkov": ["CKV_K8S_40"]},
        references=[_SECURITY_CONTEXT],
    )
)

container_root_group = workload_setting_check(
    WorkloadRule(
        id="IAC-K8S-POD-032",
        name="container-runs-as-root-group",
        title="Container runs with the root group",
        severity=Severity.LOW,
        what="runAsGroup",
        setting=("securityContext", "runAsGroup"),
        expect=NoneOf(frozenset({"0"})),
        inherit=True,
        linux_only=True,
        doc=Doc(
            what_it_does="""
Flags containers whose effective `runAsGroup` (the container's, else the pod's) is 0, the
root group, at the line that sets it. An unwritten `runAsGroup` is not reported (the image
decides). Pods that declare `os.name: windows` are skipped.""",
            why_is_this_bad="""
Group 0 owns many files on the node and in images (`/etc/shadow` is often root-group
readable, devices and sockets are group-writable by root): a process running with gid 0
that escapes the container, or reaches a host mount, reads and writes them.""",
            example="""
```yaml
securityContext:
  runAsUser: 10001
  runAsGroup: 0
```""",
            use_instead="""
```yaml
securityContext:
  runAsUser: 10001
  runAsGroup: 10001
```""",
        ),
        remediation="""
Run with a dedicated non-zero group.

```yaml
securityContext:
  runAsGroup: 10001
```""",
        compliance={"nist-800-53-r5": ["AC-6"]},
        references=[_SECURITY_CONTEXT],
    )
)

container_unmasked_proc_mount = workload_setting_check(
    WorkloadRule(
        id="IAC-K8S-POD-033",
        name="container-unmasked-proc-mount",
        title="Container mounts /proc unmasked",
        severity=Severity.MEDIUM,
        what="procMount",
        setting=("securityContext", "procMount"),
        expect=NoneOf(frozenset({"Unmasked"})),
        linux_only=True,
        doc=Doc(
            what_it_does="""
Flags containers whose `securityContext.procMount` is `Unmasked`. The default (`Default`)
masks and makes read-only the sensitive paths of `/proc`. Pods that declare
`os.name: windows` are skipped.""",
            why_is_this_bad="""
An unmasked `/proc` exposes kernel interfaces such as `/proc/sys`, `/proc/sysrq-trigger` and
`/proc/kcore` to the container: a process in it can read kernel memory layout, change kernel
parameters or trigger actions on the whole node. The Pod Security Standards' Baseline
profile forbids it.""",
            example="""
```yaml
securityContext:
  procMount: Unmasked
```""",
            use_instead="""
```yaml
securityContext:
  procMount: Default
```""",
        ),
        remediation="""
Remove `procMount: Unmasked` (or set `Default`).

```yaml
securityContext:
  procMount: Default
```""",
        compliance={"nist-800-53-r5": ["AC-6", "CM-7"]},
        equivalents={"kube-linter": ["unsafe-proc-mount"]},
        references=[_PSS + "#baseline", _SECURITY_CONTEXT],
    )
)

container_windows_host_process = workload_setting_check(
    WorkloadRule(
        id="IAC-K8S-POD-038",
        name="container-windows-host-process",
        title="Windows container runs as a host process",
        severity=Severity.HIGH,
        what="windowsOptions.hostProcess",
        setting=("securityContext", "windowsOptions", "hostProcess"),
        expect=Disabled(default=False),
        inherit=True,
        doc=Doc(
            what_it_does="""
Flags containers whose effective `securityContext.windowsOptions.hostProcess` (the
container's, else the pod's) is true.""",
            why_is_this_bad="""
A Windows HostProcess container runs directly on the node, outside any container isolation,
with access to the host's filesystem, network and processes: it is the Windows equivalent of
a privileged container. The Pod Security Standards' Baseline profile forbids it.""",
            example="""
```yaml
securityContext:
  windowsOptions:
    hostProcess: true
    runAsUserName: "NT AUTHORITY\\\\SYSTEM"
```""",
            use_instead="""
```yaml
securityContext:
  windowsOptions:
    runAsUserName: ContainerUser
```""",
        ),
        remediation="""
Run the workload as an ordinary Windows container.

```yaml
securityContext:
  windowsOptions:
    hostProcess: false
```""",
        compliance={"nist-800-53-r5": ["AC-6", "CM-7"]},
        references=[
            _PSS + "#baseline",
            "https://kubernetes.io/docs/tasks/configure-pod-container/create-hostprocess-pod/",
        ],
    )
)

container_custom_selinux_type = workload_setting_check(
    WorkloadRule(
        id="IAC-K8S-POD-039",
        name="container-custom-selinux-type",
        title="Container runs with a custom SELinux type",
        severity=Severity.MEDIUM,
        what="seLinuxOptions.type",
        setting=("securityContext", "seLinuxOptions", "type"),
        expect=OneOf(
            frozenset({"container_t", "container_init_t", "container_kvm_t", "container_engine_t"}),
            missing_ok=True,
        ),
        inherit=True,
        linux_only=True,
        doc=Doc(
            what_it_does="""
Flags containers whose effective `securityContext.seLinuxOptions.type` (the container's,
else the pod's) is written and is not one of the container types the Pod Security Standards'
Baseline profile allows: `container_t`, `container_init_t`, `container_kvm_t`,
`container_engine_t`. An unwritten type (the runtime's default) passes. Pods that declare
`os.name: windows` are skipped.""",
            why_is_this_bad="""
The SELinux type decides what the container's processes may touch on the node. A custom
type such as `spc_t` (super-privileged container) or `unconfined_t` removes SELinux
confinement, so a process that escapes the container's namespaces meets no further
barrier.""",
            example="""
```yaml
securityContext:
  seLinuxOptions:
    type: spc_t
```""",
            use_instead="""
```yaml
securityContext:
  seLinuxOptions:
    level: "s0:c123,c456"
```""",
        ),
        remediation="""
Remove the custom type (keep only the MCS `level` if needed).

```yaml
securityContext:
  seLinuxOptions:
    level: "s0:c123,c456"
```""",
        compliance={"nist-800-53-r5": ["AC-3(3)", "AC-6"]},
        references=[_PSS + "#baseline", _SECURITY_CONTEXT],
    )
)
