"""Files that are not IaC but sit beside it in real repositories (a CI workflow, a Node package
manifest, a Helm chart's values): a scanner must skip them, not report them as errors."""

from __future__ import annotations

import json
import random

from bench.yamlish import to_yaml


def workflow(rng: random.Random, project: str) -> str:
    python = rng.choice(["3.11", "3.12"])
    return to_yaml(
        {
            "name": "ci",
            "on": {"push": {"branches": ["main"]}, "pull_request": None},
            "permissions": {"contents": "read"},
            "jobs": {
                "test": {
                    "runs-on": "ubuntu-latest",
                    "steps": [
                        {"uses": "actions/checkout@v4"},
                        {"uses": "actions/setup-python@v5", "with": {"python-version": python}},
                        {"run": "pip install -r requirements.txt"},
                        {"run": f"pytest -q tests/{project}"},
                    ],
                },
                "plan": {
                    "runs-on": "ubuntu-latest",
                    "needs": "test",
                    "steps": [
                        {"uses": "actions/checkout@v4"},
                        {"uses": "hashicorp/setup-terraform@v3"},
                        {"run": "terraform init -backend=false && terraform validate"},
                    ],
                },
            },
        }
    )


def package_json(rng: random.Random, project: str) -> str:
    document = {
        "name": f"@shop/{project}",
        "version": f"1.{rng.randint(0, 20)}.{rng.randint(0, 9)}",
        "private": True,
        "description": f"Front end of the {project} service",
        "scripts": {"build": "tsc -p .", "test": "vitest run", "lint": "eslint src"},
        "dependencies": {"express": "^4.19.2", "zod": "^3.23.8", "pino": "^9.4.0"},
        "devDependencies": {"typescript": "^5.6.2", "vitest": "^2.1.1", "eslint": "^9.11.0"},
        "engines": {"node": ">=20"},
    }
    return json.dumps(document, indent=2) + "\n"


def helm_values(rng: random.Random, project: str) -> str:
    return to_yaml(
        {
            "replicaCount": rng.choice([1, 2, 3]),
            "image": {
                "repository": f"registry.example.com/shop/{project}",
                "tag": "",
                "pullPolicy": "IfNotPresent",
            },
            "serviceAccount": {"create": True, "name": ""},
            "podSecurityContext": {"fsGroup": 2000},
            "securityContext": {"runAsNonRoot": True, "readOnlyRootFilesystem": True},
            "service": {"type": "ClusterIP", "port": 80},
            "ingress": {
                "enabled": rng.random() < 0.5,
                "className": "nginx",
                "hosts": [{"host": f"{project}.example.com", "paths": [{"path": "/"}]}],
            },
            "resources": {"limits": {"cpu": "500m", "memory": "512Mi"}},
            "nodeSelector": {},
            "tolerations": [],
        }
    )


KINDS = {
    ".github/workflows/ci.yml": workflow,
    "package.json": package_json,
    "values.yaml": helm_values,
}
