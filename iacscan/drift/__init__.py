"""Drift: compare what was planned (a Terraform state, a plan, or IaC) with what runs.

The flow, one module a step:

    planned.py   state / plan JSON / IaC directory  -> planned `Resource`s
    providers.py live inventory (aws/, ...)          -> `Inventory` (JSON file format: inventory.py)
    live.py      `Inventory`                          -> live `Resource`s and their graph
    compare.py   planned + live (+ ignore.py rules)   -> `DriftResult` (result.py)
    posture.py   the built-in checks over the live graph

Live resources take Terraform resource types and attribute names (the AWS provider v4+ model:
an S3 bucket's ACL, versioning, encryption, public access block and policy are resources of
their own), so one comparison and one set of checks serve code and cloud alike.
"""
