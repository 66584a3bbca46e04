"""The account password policy (`aws_iam_account_password_policy`): one row per requirement.

Rows share one documentation template: each names the argument, the safe value and the
platform default that applies when the argument is unwritten."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from iacscan.check import Check, Severity, Violation
from iacscan.check_table import AtLeast, Doc, Enabled, Expectation, SettingRule, setting_check
from iacscan.graph.model import Field, Framework
from iacscan.graph.values import as_int

POLICY = "aws_iam_account_password_policy"
_REFERENCE = (
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html"
)


@dataclass(frozen=True, slots=True)
class AtMost:
    """A number of days that must be set and at most `maximum` (0 means never)."""

    maximum: int

    def judge(self, field: Field, what: str) -> Iterator[Violation]:
        if not field.present:
            yield Violation(at=field, message=f"{what} is not set (passwords never expire)")
            return
        days = as_int(field.value)
        if days is not None and not 0 < days <= self.maximum:
            yield Violation(at=field, message=f"{what} is {days}, above {self.maximum}")


@dataclass(frozen=True, slots=True)
class _Row:
    id: str
    name: str
    title: str
    severity: Severity
    argument: str
    what: str
    expect: Expectation
    good: str
    bad: str
    why: str
    compliance: dict[str, list[str]]
    checkov: str


def _make(row: _Row) -> Check:
    example = f"""
```hcl
resource "aws_iam_account_password_policy" "strict" {{
  {row.bad}
}}
```
"""
    fixed = f"""
```hcl
resource "aws_iam_account_password_policy" "strict" {{
  {row.good}
}}
```
"""
    return setting_check(
        SettingRule(
            id=row.id,
            name=row.name,
            title=row.title,
            severity=row.severity,
            category="iam",
            what=row.what,
            where={Framework.TERRAFORM: {POLICY: (row.argument,)}},
            expect=row.expect,
            doc=Doc(
                what_it_does=f"""
Flags account password policies (`aws_iam_account_password_policy`) that do not set
`{row.good}`. An unwritten argument takes the IAM default, which does not meet it.
""",
                why_is_this_bad=row.why,
                example=example,
                use_instead=fixed,
            ),
            remediation=f"Tighten the account password policy.\n{fixed}",
            compliance=row.compliance,
            equivalents={"checkov": [row.checkov]},
            references=[_REFERENCE],
        )
    )


_NIST = ["IA-5"]
_COMPLEXITY = (
    "Short character sets make passwords far easier to guess and to crack from stolen hashes; "
    "IAM user passwords protect console access to the account."
)

IAM_PASSWORD_MIN_LENGTH = _make(
    _Row(
        "IAC-AWS-IAM-010",
        "iam-password-policy-short-length",
        "IAM password policy allows passwords shorter than 14 characters",
        Severity.MEDIUM,
        "minimum_password_length",
        "the minimum password length",
        AtLeast(14),
        "minimum_password_length = 14",
        "minimum_password_length = 8",
        "Short passwords fall to brute force and credential stuffing; the IAM default minimum "
        "is 6 characters. Console passwords of IAM users guard the whole account.",
        {"cis-aws-foundations-1.4.0": ["1.8"], "nist-800-53-r5": _NIST},
        "CKV_AWS_10",
    )
)

IAM_PASSWORD_REUSE = _make(
    _Row(
        "IAC-AWS-IAM-011",
        "iam-password-policy-reuse-allowed",
        "IAM password policy lets users reuse recent passwords",
        Severity.MEDIUM,
        "password_reuse_prevention",
        "password reuse prevention",
        AtLeast(24),
        "password_reuse_prevention = 24",
        "password_reuse_prevention = 3",
        "Users who cycle back to an old password bring back one that may already be leaked or "
        "cracked; by default IAM remembers no previous passwords.",
        {"cis-aws-foundations-1.4.0": ["1.9"], "nist-800-53-r5": _NIST},
        "CKV_AWS_13",
    )
)

IAM_PASSWORD_SYMBOLS = _make(
    _Row(
        "IAC-AWS-IAM-012",
        "iam-password-policy-no-symbols",
        "IAM password policy does not require symbols",
        Severity.LOW,
        "require_symbols",
        "requiring symbols",
        Enabled(default=False),
        "require_symbols = true",
        "require_symbols = false",
        _COMPLEXITY,
        {"nist-800-53-r5": _NIST},
        "CKV_AWS_14",
    )
)

IAM_PASSWORD_UPPERCASE = _make(
    _Row(
        "IAC-AWS-IAM-013",
        "iam-password-policy-no-uppercase",
        "IAM password policy does not require uppercase letters",
        Severity.LOW,
        "require_uppercase_characters",
        "requiring uppercase letters",
        Enabled(default=False),
        "require_uppercase_characters = true",
        "require_uppercase_characters = false",
        _COMPLEXITY,
        {"nist-800-53-r5": _NIST},
        "CKV_AWS_15",
    )
)

IAM_PASSWORD_LOWERCASE = _make(
    _Row(
        "IAC-AWS-IAM-014",
        "iam-password-policy-no-lowercase",
        "IAM password policy does not require lowercase letters",
        Severity.LOW,
        "require_lowercase_characters",
        "requiring lowercase letters",
        Enabled(default=False),
        "require_lowercase_characters = true",
        "require_lowercase_characters = false",
        _COMPLEXITY,
        {"nist-800-53-r5": _NIST},
        "CKV_AWS_11",
    )
)

IAM_PASSWORD_NUMBERS = _make(
    _Row(
        "IAC-AWS-IAM-015",
        "iam-password-policy-no-numbers",
        "IAM password policy does not require numbers",
        Severity.LOW,
        "require_numbers",
        "requiring numbers",
        Enabled(default=False),
        "require_numbers = true",
        "require_numbers = false",
        _COMPLEXITY,
        {"nist-800-53-r5": _NIST},
        "CKV_AWS_12",
    )
)

IAM_PASSWORD_MAX_AGE = _make(
    _Row(
        "IAC-AWS-IAM-016",
        "iam-password-policy-no-expiry",
        "IAM password policy lets passwords live longer than 90 days",
        Severity.LOW,
        "max_password_age",
        "the maximum password age",
        AtMost(90),
        "max_password_age = 90",
        "max_password_age = 365",
        "A password that never expires stays valid for as long as it sits in a leaked "
        "database or a shared document; by default IAM passwords never expire.",
        {"nist-800-53-r5": _NIST},
        "CKV_AWS_9",
    )
)
